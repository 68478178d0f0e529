package dev.chatnet.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw TCP client speaking the wire protocol, for tests: it sends frames or arbitrary bytes
 * and waits (never sleeps) for the frames the server sends back.
 */
public final class WireClient implements AutoCloseable {

  public static final long WAIT_SECONDS = 15;

  private final Socket socket;
  private final OutputStream out;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private long nextId = 1;
  private Frame.Ready ready;

  public WireClient(String host, int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    out = socket.getOutputStream();
    Thread reader = new Thread(this::read, "wire-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static WireClient connect(int port) throws IOException {
    return new WireClient("127.0.0.1", port);
  }

  /** Connects, takes the greeting, logs in as {@code name}, acknowledges and takes the menu. */
  public static WireClient login(int port, String name) throws IOException {
    WireClient client = connect(port);
    client.expect(Frame.Hello.class);
    client.send(new Frame.Login(name, "UTC"));
    client.ready = client.expect(Frame.Ready.class);
    client.send(new Frame.Ack(client.ready.clientId()));
    client.expect(Frame.Menu.class);
    return client;
  }

  public long clientId() {
    return ready.clientId();
  }

  public String name() {
    return ready.name();
  }

  private void read() {
    try (InputStream in = socket.getInputStream()) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          lines.add(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    } catch (IOException e) {
      // Closed.
    } finally {
      closed.countDown();
    }
  }

  public void send(Frame frame) throws IOException {
    sendRaw((Frames.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public synchronized void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void sendLine(String line) throws IOException {
    sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Picks option {@code option} of the current menu; yields the action id. */
  public long act(String option, Map<String, String> inputs) throws IOException {
    long id = nextId++;
    send(new Frame.Action(id, option, inputs));
    return id;
  }

  /** The next frame, whatever it is. */
  public Frame next() {
    try {
      String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("a frame from the server within %d s", WAIT_SECONDS).isNotNull();
      return Frames.decode(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (BadFrameException e) {
      throw new AssertionError("the server sent a bad frame: " + e.getMessage(), e);
    }
  }

  /** The next frame, which must be a {@code type}. */
  public <T extends Frame> T expect(Class<T> type) {
    Frame frame = next();
    assertThat(frame).isInstanceOf(type);
    return type.cast(frame);
  }

  /** Skips frames until one of {@code type} comes. */
  public <T extends Frame> T awaitFrame(Class<T> type) {
    while (true) {
      Frame frame = next();
      if (type.isInstance(frame)) {
        return type.cast(frame);
      }
    }
  }

  /** Runs an option and yields the lines of its result; the menu that follows is consumed. */
  public java.util.List<String> run(String option, Map<String, String> inputs) throws IOException {
    long id = act(option, inputs);
    Frame.Result result = expect(Frame.Result.class);
    assertThat(result.id()).isEqualTo(id);
    expect(Frame.Menu.class);
    return result.lines();
  }

  /** Runs an option that must fail; yields the error, and the menu that follows is consumed. */
  public Frame.Error runFailing(String option, Map<String, String> inputs) throws IOException {
    long id = act(option, inputs);
    Frame.Error error = expect(Frame.Error.class);
    assertThat(error.id()).isEqualTo(id);
    expect(Frame.Menu.class);
    return error;
  }

  /** Says a line in the current room; yields its id. */
  public long say(String text) throws IOException {
    long id = nextId++;
    send(new Frame.Say(id, text));
    return id;
  }

  /** Says a line and waits for its plain acknowledgement, skipping room lines that come first. */
  public void sayAcknowledged(String text) throws IOException {
    long id = say(text);
    while (true) {
      Frame frame = next();
      if (frame instanceof Frame.Result result && result.id() == id) {
        assertThat(result.lines()).isEmpty();
        return;
      }
      assertThat(frame).as("while waiting for the answer to '%s'", text).isInstanceOf(Frame.Event.class);
    }
  }

  /** The next frame must be a room line reading {@code text}. */
  public void expectLine(String text) {
    assertThat(expect(Frame.Event.class).text()).isEqualTo(text);
  }

  /** Waits until the server closes the connection. */
  public boolean awaitClosed() throws InterruptedException {
    return closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
