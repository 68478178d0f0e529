package dev.chatnet.bench;

import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import java.util.List;

/**
 * How the server answered one action: its result lines, or its error; {@code nanos} from
 * sending the action to the answer (the menu after it is not counted).
 */
public record Reply(List<String> lines, String code, String message, long nanos) {

  static Reply of(Frame.Result result, long nanos) {
    return new Reply(result.lines() == null ? List.of() : result.lines(), null, null, nanos);
  }

  static Reply of(Frame.Error error, long nanos) {
    return new Reply(List.of(), error.code(), error.message(), nanos);
  }

  public boolean isError() {
    return code != null;
  }

  /** The server dropped the action unread: nothing was done, so it may be sent again. */
  public boolean rateLimited() {
    return ErrorCodes.RATE_LIMITED.equals(code);
  }
}
