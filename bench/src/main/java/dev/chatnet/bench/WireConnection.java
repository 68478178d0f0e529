package dev.chatnet.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated user: a TCP connection that logs in and then runs actions, one at a time as the
 * real client does, or several pipelined as the protocol allows (the gateway answers in order).
 * It sends its login without waiting for hello, see {@link #start()}.
 * Everything it holds is touched only on its socket's event loop.
 */
public final class WireConnection {

  private static final Logger log = LoggerFactory.getLogger(WireConnection.class);
  /** Longest line taken from the server; a drain of a full mailbox is one long line. */
  private static final int MAX_LINE = 16 * 1024 * 1024;
  /** Like the real client: a connection that waits says so before the server's idle timeout. */
  private static final long PING_MILLIS = 30_000;
  /** Actions one connection may have unanswered: the gateway stops reading past 16 queued. */
  static final int MAX_IN_FLIGHT = 16;
  /** How the gateway encodes a room line; such lines go to the room listener undecoded. */
  static final Buffer EVENT_PREFIX = Buffer.buffer("{\"type\":\"event\",");
  /** The menu after every action: only its arrival matters here, so it is not decoded. */
  static final Buffer MENU_PREFIX = Buffer.buffer("{\"type\":\"menu\",");

  private final Vertx vertx;
  private final NetSocket socket;
  private final Context context;
  private final String name;
  private final Promise<WireConnection> handshake = Promise.promise();
  private long clientId;
  private boolean ready;
  private long nextId = 1;
  /** Sent and not yet answered, oldest first: the gateway answers in order. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long lastSent = System.nanoTime();
  private long pingTimer = -1;
  private boolean closed;
  private boolean inRoom;
  private Handler<Buffer> roomListener;
  private String closeReason = "the server closed the connection";
  /** The start of a line whose end has not come yet. */
  private Buffer partial;

  /** An action sent and not yet fully answered (its result or error, then the menu). */
  private static final class Pending {
    final long id;
    final long sentAt = System.nanoTime();
    final Promise<Reply> answer;
    Reply reply;

    Pending(long id, Promise<Reply> answer) {
      this.id = id;
      this.answer = answer;
    }
  }

  private WireConnection(Vertx vertx, NetSocket socket, Context context, String name) {
    this.vertx = vertx;
    this.socket = socket;
    this.context = context;
    this.name = name;
  }

  /** Connects and logs in as {@code name}; completes once the menu has come. */
  public static Future<WireConnection> open(Bench bench, String name) {
    Promise<WireConnection> opened = Promise.promise();
    // Connected from its event loop's context, the connection lives on that loop.
    bench.nextLoop().runOnContext(v -> bench.net().connect(bench.port(), bench.host()).compose(socket -> {
      WireConnection connection = new WireConnection(bench.vertx(), socket, Vertx.currentContext(), name);
      connection.start();
      return connection.handshake.future();
    }).onComplete(opened));
    return opened.future();
  }

  public String name() {
    return name;
  }

  /** The id the server gave at login. */
  public long clientId() {
    return clientId;
  }

  private void start() {
    socket.handler(this::onBytes);
    socket.exceptionHandler(err -> closeReason = "connection failed: " + err.getMessage());
    socket.closeHandler(v -> onClosed());
    // Not waiting for hello: bytes that come before the connect callback set the handler are
    // dropped by Vert.x, and hello may be among them. The gateway takes a login at once.
    send(new Frame.Login(name, "UTC"));
  }

  /**
   * Picks {@code option} of the main menu with {@code inputs}. Completes with the server's
   * answer once the menu after it has come (a dropped, rate-limited action has no menu after
   * it); fails if the connection closes first. Up to {@link #MAX_IN_FLIGHT} at a time.
   */
  public Future<Reply> act(String option, Map<String, String> inputs) {
    return request(() -> ready, "is not ready for an action", id -> actionLine(id, option, inputs));
  }

  /**
   * The line of {@code Frame.Action(id, option, inputs)}, written straight to bytes: it is most of
   * what a load run sends, and mapping the record through Jackson cost more than the rest of a send.
   */
  static Buffer actionLine(long id, String option, Map<String, String> inputs) {
    Buffer line = Buffer.buffer(96).appendString("{\"type\":\"action\",\"id\":").appendString(Long.toString(id))
        .appendString(",\"option\":");
    appendQuoted(line, option).appendString(",\"inputs\":{");
    boolean first = true;
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      if (!first) {
        line.appendByte((byte) ',');
      }
      first = false;
      appendQuoted(line, input.getKey()).appendByte((byte) ':');
      appendQuoted(line, input.getValue());
    }
    return line.appendString("}}\n");
  }

  private static Buffer appendQuoted(Buffer line, String text) {
    return line.appendByte((byte) '"').appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text)).appendByte((byte) '"');
  }

  /**
   * Creates ({@code "4"}) or joins ({@code "5"}) {@code room}; completes with the banner once
   * in it, or with the server's error. Room lines go to {@code listener}, as the raw line.
   */
  public Future<Reply> enterRoom(String option, String room, Handler<Buffer> listener) {
    onContext(() -> roomListener = listener);
    return act(option, Map.of("room", room));
  }

  /**
   * Says {@code text} in the room; completes when the server has taken it (its result), or
   * with its error. One line at a time, like a person typing.
   */
  public Future<Reply> say(String text) {
    return request(() -> inRoom, "is not in a room", id -> Frames.line(new Frame.Say(id, text)));
  }

  /** Sends the frame made with the next id, when {@code allowed} and not too many are pending. */
  private Future<Reply> request(BooleanSupplier allowed, String notAllowed, LongFunction<Buffer> line) {
    Promise<Reply> answer = Promise.promise();
    onContext(() -> {
      if (closed) {
        answer.fail(closeReason);
      } else if (!allowed.getAsBoolean() || pending.size() >= MAX_IN_FLIGHT) {
        answer.fail(new IllegalStateException(name + " " + (allowed.getAsBoolean() ? "has too many actions unanswered" : notAllowed)));
      } else {
        Pending request = new Pending(nextId++, answer);
        pending.add(request);
        send(line.apply(request.id));
      }
    });
    return answer.future();
  }

  /** Closes the connection; the server cleans up as for a client that vanished. */
  public Future<Void> close() {
    return socket.close();
  }

  /** Runs {@code action} on this connection's event loop, where its answers come. */
  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void send(Frame frame) {
    send(Frames.line(frame));
  }

  private void send(Buffer line) {
    lastSent = System.nanoTime();
    socket.write(line);
  }

  /**
   * Cuts what was read into lines, as slices of the read when whole: this runs for every byte
   * the server sends, and Vert.x's RecordParser checks each byte it reads.
   */
  private void onBytes(Buffer chunk) {
    ByteBuf bytes = ((BufferInternal) chunk).getByteBuf();
    int start = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (start < end) {
      int newline = bytes.indexOf(start, end, (byte) '\n');
      if (newline < 0) {
        break;
      }
      if (partial == null) {
        onLine(chunk.slice(start, newline));
      } else {
        Buffer line = partial.appendBuffer(chunk, start, newline - start);
        partial = null;
        onLine(line);
      }
      start = newline + 1;
    }
    if (start < end) {
      if (partial == null) {
        partial = Buffer.buffer(end - start);
      }
      partial.appendBuffer(chunk, start, end - start);
      if (partial.length() > MAX_LINE) {
        closeReason = "unreadable input from the server: a line over " + MAX_LINE + " bytes";
        partial = null;
        socket.close();
      }
    }
  }

  private void onLine(Buffer bytes) {
    if (roomListener != null && startsWith(bytes, EVENT_PREFIX)) {
      roomListener.handle(bytes);
      return;
    }
    if (startsWith(bytes, MENU_PREFIX)) {
      inRoom = false;
      onMenu();
      return;
    }
    String line = bytes.toString(StandardCharsets.UTF_8).strip();
    if (line.isEmpty()) {
      return;
    }
    Frame frame;
    try {
      frame = Frames.decode(line);
    } catch (BadFrameException e) {
      log.debug("{} skipped a frame it does not know: {}", name, e.getMessage());
      return;
    }
    if (frame instanceof Frame.Retry retry) {
      failHandshake("login refused: " + retry.reason());
    } else if (frame instanceof Frame.Ready r) {
      clientId = r.clientId();
      send(new Frame.Ack(clientId));
    } else if (frame instanceof Frame.Menu) {
      inRoom = false;
      onMenu();
    } else if (frame instanceof Frame.Room room) {
      onRoom(room);
    } else if (frame instanceof Frame.Result result && inRoom) {
      // A line said in a room is answered by its result alone.
      onAnswer(result.id(), Reply.of(result, System.nanoTime() - sentAt()));
      completeAnswered();
    } else if (frame instanceof Frame.Result result) {
      onAnswer(result.id(), Reply.of(result, System.nanoTime() - sentAt()));
    } else if (frame instanceof Frame.Error error) {
      onError(error);
    } else if (frame instanceof Frame.Bye bye) {
      closeReason = "the server said bye: " + bye.reason();
    } else if (frame instanceof Frame.Shutdown shutdown) {
      closeReason = "the server shut down: " + shutdown.message();
    }
  }

  private void onMenu() {
    if (!ready) {
      ready = true;
      pingTimer = vertx.setPeriodic(PING_MILLIS, id -> pingIfIdle());
      handshake.tryComplete(this);
    } else {
      completeAnswered();
    }
  }

  /** Completes the oldest action if its answer has come. */
  private void completeAnswered() {
    Pending oldest = pending.peek();
    if (oldest != null && oldest.reply != null) {
      pending.poll();
      oldest.answer.complete(oldest.reply);
    }
  }

  /** In the room: no menu follows, the banner is the answer. */
  private void onRoom(Frame.Room room) {
    inRoom = true;
    Pending oldest = pending.peek();
    if (oldest != null) {
      oldest.reply = new Reply(room.lines() == null ? List.of() : room.lines(), null, null, System.nanoTime() - oldest.sentAt);
      completeAnswered();
    }
  }


  private static boolean startsWith(Buffer bytes, Buffer prefix) {
    if (bytes.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes.getByte(i) != prefix.getByte(i)) {
        return false;
      }
    }
    return true;
  }

  private void onAnswer(Long id, Reply reply) {
    Pending oldest = pending.peek();
    if (oldest != null && id != null && id == oldest.id) {
      oldest.reply = reply; // complete once the menu after it has come
    }
  }

  private void onError(Frame.Error error) {
    if (!ready) {
      failHandshake(error.code() + ": " + error.message());
    } else if (error.id() != null) {
      onAnswer(error.id(), Reply.of(error, System.nanoTime() - sentAt()));
      if (inRoom) {
        completeAnswered();
      }
    } else if (pending.size() == 1 && pending.peek().reply == null) {
      // An error about no action means our one action in flight was dropped unread; no menu follows.
      Pending done = pending.poll();
      done.answer.complete(Reply.of(error, System.nanoTime() - done.sentAt));
    } else if (pending.size() > 1) {
      // Dropped on arrival, ahead of the answers to earlier ones: which one cannot be told.
      closeReason = "an action was dropped unread (" + error.code() + ") while " + pending.size()
          + " were unanswered; raise the server's --rate and --burst for pipelined runs";
      socket.close();
    }
  }

  private long sentAt() {
    Pending oldest = pending.peek();
    return oldest == null ? System.nanoTime() : oldest.sentAt;
  }

  private void pingIfIdle() {
    if (pending.isEmpty() && !closed && System.nanoTime() - lastSent >= TimeUnit.MILLISECONDS.toNanos(PING_MILLIS) * 4 / 5) {
      send(new Frame.Ping(null));
    }
  }

  private void failHandshake(String reason) {
    closeReason = reason;
    if (handshake.tryFail(reason)) {
      socket.close();
    }
  }

  private void onClosed() {
    closed = true;
    if (pingTimer >= 0) {
      vertx.cancelTimer(pingTimer);
    }
    handshake.tryFail(closeReason);
    while (!pending.isEmpty()) {
      pending.poll().answer.fail(closeReason);
    }
  }
}
