package dev.chatnet.protocol.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The failure codes services reply with ({@link Message#fail}). Callers look at
 * {@link #of(Throwable)}: UNAVAILABLE when no instance answered, else the service's code.
 */
public enum Failure {
  NAME_TAKEN(1),
  NAME_INVALID(2),
  NOT_FOUND(3),
  NOT_CONNECTED(4),
  INVALID_INPUT(5),
  MAILBOX_FULL(6),
  /** No instance of the service is registered, or none answered in time. */
  UNAVAILABLE(7),
  ROOM_EXISTS(8),
  ROOM_NOT_FOUND(9),
  /** The caller may not do this (a member closing a room, the owner leaving it). */
  NOT_ALLOWED(10),
  INTERNAL(99);

  private final int code;

  Failure(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public void reply(Message<?> message, String text) {
    message.fail(code, text);
  }

  public ReplyException exception(String text) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, text);
  }

  /** What a failed request means: transport failures first, then the service's own code. */
  public static Failure of(Throwable error) {
    if (!(error instanceof ReplyException reply)) {
      return INTERNAL;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT) {
      return UNAVAILABLE;
    }
    return ofCode(reply.failureCode());
  }

  /** The failure a code names; INTERNAL for a code it does not know. */
  public static Failure ofCode(int code) {
    for (Failure f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    return INTERNAL;
  }
}
