package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.wire.ErrorCodes;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * What a failed event-bus request shows the user: the wire error code and the line. A
 * service's own text is shown where it is written for users (a taken name, a full mailbox,
 * an unknown room); a service that is down or broke reads the same whatever the action.
 */
final class BusFailures {

  private BusFailures() {
  }

  /** The line a user sees when {@code service} is down or too slow. */
  static Outcome.Failed unavailable(String service) {
    return new Outcome.Failed(ErrorCodes.UNAVAILABLE,
        "The " + service + " service is unavailable right now. Please try again later.");
  }

  /** Failures no action expects: the service is down, or something broke. */
  static Outcome.Failed unexpected(String service, Throwable error) {
    return Failure.of(error) == Failure.UNAVAILABLE
        ? unavailable(service)
        : new Outcome.Failed(ErrorCodes.INTERNAL, "The " + service + " service failed: " + error.getMessage());
  }

  /** Why the directory did not register a name: the reason the client shows before asking again. */
  static String nameRefused(Throwable error) {
    return switch (Failure.of(error)) {
      case NAME_TAKEN, NAME_INVALID -> error.getMessage();
      case UNAVAILABLE -> "The directory service is unavailable right now. Please try again in a moment.";
      default -> "The name could not be registered: " + error.getMessage();
    };
  }

  /** A direct message to {@code to} that the mailbox did not store. */
  static Outcome.Failed messageRefused(long to, Throwable error) {
    return switch (Failure.of(error)) {
      case NOT_CONNECTED -> new Outcome.Failed(ErrorCodes.NOT_CONNECTED, "No user with id " + to + " is connected.");
      case INVALID_INPUT -> new Outcome.Failed(ErrorCodes.INVALID_INPUT, error.getMessage() + " Nothing was sent.");
      case MAILBOX_FULL -> new Outcome.Failed(ErrorCodes.MAILBOX_FULL, error.getMessage() + " Nothing was sent.");
      default -> unexpected("mailbox", error);
    };
  }

  /** A chat room that could not be created or joined. */
  static Outcome.Failed roomRefused(Throwable error) {
    return switch (Failure.of(error)) {
      case ROOM_EXISTS -> new Outcome.Failed(ErrorCodes.ROOM_EXISTS, error.getMessage());
      case ROOM_NOT_FOUND -> new Outcome.Failed(ErrorCodes.ROOM_NOT_FOUND, error.getMessage());
      case INVALID_INPUT -> new Outcome.Failed(ErrorCodes.INVALID_INPUT, error.getMessage());
      default -> unexpected("chat room", error);
    };
  }

  /** A line the chat room did not take (a room gone is not this: the member leaves it). */
  static Outcome.Failed lineRefused(Throwable error) {
    return Failure.of(error) == Failure.INVALID_INPUT
        ? new Outcome.Failed(ErrorCodes.INVALID_INPUT, error.getMessage())
        : unexpected("chat room", error);
  }

  /** A web request that failed: the service's own line (bad URL, unknown host, timeout...) as it is. */
  static Outcome.Failed fetchFailed(Throwable error) {
    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      String code = switch (Failure.of(error)) {
        case INVALID_INPUT, NOT_ALLOWED -> ErrorCodes.INVALID_INPUT;
        case INTERNAL -> ErrorCodes.INTERNAL;
        default -> ErrorCodes.UNAVAILABLE;
      };
      return new Outcome.Failed(code, error.getMessage());
    }
    return unexpected("web proxy", error);
  }
}
