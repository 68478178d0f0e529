package dev.chatnet.protocol.wire;

/** The {@code code} values of {@link Frame.Error}. */
public final class ErrorCodes {

  /** Not JSON, no type, or fields that do not fit the type. */
  public static final String MALFORMED = "MALFORMED";
  /** A {@code type} this server does not know. */
  public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
  /** A line longer than the limit; it was discarded. */
  public static final String TOO_LONG = "TOO_LONG";
  /** A line that is not valid UTF-8. */
  public static final String BAD_ENCODING = "BAD_ENCODING";
  /** A frame that makes no sense in the session's current state. */
  public static final String UNEXPECTED = "UNEXPECTED";
  /** Too many frames too fast; past a limit the session is closed. */
  public static final String RATE_LIMITED = "RATE_LIMITED";
  /** A menu option that is not listed. */
  public static final String INVALID_OPTION = "INVALID_OPTION";
  /** An input value the action cannot take (empty, too long, not a number). */
  public static final String INVALID_INPUT = "INVALID_INPUT";
  /** The recipient of a message is not connected. */
  public static final String NOT_CONNECTED = "NOT_CONNECTED";
  /** The recipient's mailbox holds as many messages as it may. */
  public static final String MAILBOX_FULL = "MAILBOX_FULL";
  /** A chat room with that id exists already. */
  public static final String ROOM_EXISTS = "ROOM_EXISTS";
  /** No chat room with that id, or it was closed. */
  public static final String ROOM_NOT_FOUND = "ROOM_NOT_FOUND";
  /** The service behind the action is down or did not answer in time. */
  public static final String UNAVAILABLE = "UNAVAILABLE";
  /** The connection was silent longer than the idle timeout. */
  public static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
  /** Anything else; the message says what. */
  public static final String INTERNAL = "INTERNAL";

  private ErrorCodes() {
  }
}
