package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Takes a session's frames one at a time in arrival order and hands each to what the
 * session's state says handles it: the handshake, the screen the user is at, or the room.
 * While one waits on a service, later frames queue (and past a few, the socket stops
 * reading). Queued actions of an option that batches go to their service together, and
 * their answers out in one write.
 */
final class ActionRunner {

  /** Lines queued behind a request in flight before the socket stops reading. */
  static final int INBOX_HIGH_WATER = 16;

  private final Session session;
  private final ArrayDeque<Inbound> inbox = new ArrayDeque<>(4);
  private boolean readPaused;
  private Screen screen;
  /** The question the client is answering in state ASKING, and the id of the action it follows. */
  private Outcome.Ask asked;
  private long askedId;

  ActionRunner(Session session) {
    this.session = session;
  }

  /** A line as it came: a frame, or the error that answers it. */
  record Inbound(Frame frame, String errorCode, String error) {

    static Inbound decode(String line) {
      try {
        return new Inbound(Frames.decode(line), null, null);
      } catch (BadFrameException e) {
        String code = e.reason() == BadFrameException.Reason.UNKNOWN_TYPE ? ErrorCodes.UNKNOWN_TYPE : ErrorCodes.MALFORMED;
        return new Inbound(null, code, "Bad frame: " + e.getMessage());
      }
    }
  }

  void queue(Inbound inbound) {
    inbox.add(inbound);
    if (inbox.size() >= INBOX_HIGH_WATER && !readPaused) {
      readPaused = true;
      session.connection().pauseReading();
    }
  }

  /** Handles what queued, as far as the state allows. */
  void pump() {
    Session.State state;
    while (!inbox.isEmpty() && !session.outbox().blocked() && ((state = session.state()) == Session.State.GREETED
        || state == Session.State.AWAITING_ACK || state == Session.State.READY || state == Session.State.ROOM
        || state == Session.State.ASKING)) {
      handle(inbox.poll());
    }
    if (readPaused && inbox.isEmpty() && session.state() != Session.State.CLOSED) {
      readPaused = false;
      session.connection().resumeReading();
    }
  }

  /** The session is closing: what queued is not answered. */
  void clear() {
    inbox.clear();
  }

  private void handle(Inbound inbound) {
    if (inbound.frame() == null) {
      session.send(new Frame.Error(null, inbound.errorCode(), inbound.error()));
      return;
    }
    Frame frame = inbound.frame();
    Session.State state = session.state();
    if (frame instanceof Frame.Ping ping) {
      session.send(new Frame.Pong(ping.id()));
    } else if (frame instanceof Frame.Bye) {
      session.disconnect("Disconnected from server. Goodbye!", "quit");
    } else if (frame instanceof Frame.Login login && state == Session.State.GREETED) {
      session.handshake().login(login);
    } else if (frame instanceof Frame.Ack ack && state == Session.State.AWAITING_ACK) {
      session.handshake().acknowledge(ack);
    } else if (frame instanceof Frame.Action action && state == Session.State.READY) {
      act(action);
    } else if (frame instanceof Frame.Say say && state == Session.State.ROOM) {
      session.room().say(withQueuedLines(say));
    } else if (frame instanceof Frame.Answer answer && state == Session.State.ASKING && answer.id() == askedId) {
      answer(answer);
    } else if (frame instanceof Frame.Say say) {
      // A line that was on its way while the room closed.
      session.send(new Frame.Error(say.id(), ErrorCodes.UNEXPECTED, "You are not in a chat room now; the line was not sent."));
    } else {
      Long id = frame instanceof Frame.Action action ? Long.valueOf(action.id())
          : frame instanceof Frame.Answer answer ? Long.valueOf(answer.id()) : null;
      session.send(new Frame.Error(id, ErrorCodes.UNEXPECTED, "A '" + frame.getClass().getSimpleName().toLowerCase(Locale.ROOT) + "' frame is not expected now."));
    }
  }

  private void act(Frame.Action action) {
    session.state(Session.State.BUSY);
    String option = optionOf(action);
    if (screen.batches(option) && queuedAction(option) != null) {
      actTogether(action, option);
      return;
    }
    screen.choose(session, option, inputsOf(action)).onComplete(result -> settle(action.id(), result));
  }

  /** {@code first} and the actions of the same option queued right behind it, as one. */
  private void actTogether(Frame.Action first, String option) {
    List<Frame.Action> batch = new ArrayList<>();
    batch.add(first);
    Frame.Action next;
    while (batch.size() < INBOX_HIGH_WATER && (next = queuedAction(option)) != null) {
      batch.add(next);
      inbox.poll();
    }
    List<Map<String, String>> inputs = new ArrayList<>(batch.size());
    for (Frame.Action action : batch) {
      inputs.add(inputsOf(action));
    }
    screen.chooseAll(session, option, inputs).onComplete(result -> settleAll(batch, result));
  }

  /**
   * {@code first} and, when it is a line to say, the lines queued right behind it: they go to
   * the room together, in the order typed.
   */
  private List<Frame.Say> withQueuedLines(Frame.Say first) {
    if (!RoomMember.isLine(first)) {
      return List.of(first);
    }
    List<Frame.Say> lines = new ArrayList<>(Math.min(inbox.size() + 1, INBOX_HIGH_WATER));
    lines.add(first);
    Inbound next;
    while (lines.size() < INBOX_HIGH_WATER && (next = inbox.peek()) != null
        && next.frame() instanceof Frame.Say say && RoomMember.isLine(say)) {
      lines.add(say);
      inbox.poll();
    }
    return lines;
  }

  /** Frames taken from the inbox that are to be handled after all, before what queued since. */
  void putBack(List<? extends Frame> frames) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      inbox.addFirst(new Inbound(frames.get(i), null, null));
    }
  }

  /** The next queued frame, if it is an action of {@code option}. */
  private Frame.Action queuedAction(String option) {
    Inbound next = inbox.peek();
    return next != null && next.frame() instanceof Frame.Action action && optionOf(action).equals(option) ? action : null;
  }

  private static String optionOf(Frame.Action action) {
    return action.option() == null ? "" : action.option().trim();
  }

  private static Map<String, String> inputsOf(Frame.Action action) {
    return action.inputs() == null ? Map.of() : action.inputs();
  }

  /** The client answered the pending question: what follows is decided as for an action. */
  private void answer(Frame.Answer answer) {
    Outcome.Ask ask = asked;
    asked = null;
    session.state(Session.State.BUSY);
    Map<String, String> inputs = answer.inputs() == null ? Map.of() : answer.inputs();
    Future<Outcome> next;
    try {
      next = ask.then().apply(inputs);
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    next.onComplete(result -> settle(answer.id(), result));
  }

  /** Shows how the action {@code id} ended, and what comes next. */
  private void settle(long id, AsyncResult<Outcome> result) {
    if (session.state() == Session.State.CLOSED) {
      if (result.succeeded() && result.result() instanceof Outcome.EnterRoom enter) {
        enter.channel().release();
      }
      return;
    }
    conclude(id, result.succeeded() ? result.result() : failed(result.cause()));
    pump();
  }

  /** Shows how each action of a batch ended, in one write. */
  private void settleAll(List<Frame.Action> batch, AsyncResult<List<Outcome>> result) {
    if (session.state() == Session.State.CLOSED) {
      return;
    }
    Outbox outbox = session.outbox();
    outbox.cork(batch.size() * 256);
    try {
      for (int i = 0; i < batch.size(); i++) {
        conclude(batch.get(i).id(), result.succeeded() ? result.result().get(i) : failed(result.cause()));
      }
    } finally {
      outbox.uncork();
    }
    pump();
  }

  /** A screen's future failed, which it should not: the user still gets a line. */
  private static Outcome failed(Throwable cause) {
    return new Outcome.Failed(ErrorCodes.INTERNAL, "The action failed: " + cause.getMessage());
  }

  private void conclude(long id, Outcome outcome) {
    session.state(Session.State.READY);
    if (outcome instanceof Outcome.Lines lines) {
      sendWithMenu(new Frame.Result(id, lines.lines()), screen);
    } else if (outcome instanceof Outcome.Failed failed) {
      sendWithMenu(new Frame.Error(id, failed.code(), failed.message()), screen);
    } else if (outcome instanceof Outcome.Switch next) {
      sendWithMenu(new Frame.Result(id, next.lines()), next.next());
    } else if (outcome instanceof Outcome.Ask ask) {
      asked = ask;
      askedId = id;
      session.state(Session.State.ASKING);
      session.send(new Frame.Ask(id, ask.lines(), ask.inputs()));
    } else if (outcome instanceof Outcome.EnterRoom enter) {
      session.enterRoom(enter);
    } else if (outcome instanceof Outcome.Disconnect bye) {
      session.disconnect(bye.reason(), "quit");
    }
  }

  /** The user is at {@code next}: its menu goes out. */
  void show(Screen next) {
    screen = next;
    session.outbox().write(next.menuLine());
  }

  /** The answer to an action and the menu after it, in one write. */
  private void sendWithMenu(Frame answer, Screen next) {
    screen = next;
    session.outbox().write(Frames.line(answer).appendBuffer(next.menuLine()));
  }
}
