package dev.chatnet.protocol.wire;

/** A line that is not a valid frame. */
public final class BadFrameException extends Exception {

  public enum Reason { MALFORMED, UNKNOWN_TYPE }

  private final Reason reason;

  public BadFrameException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
