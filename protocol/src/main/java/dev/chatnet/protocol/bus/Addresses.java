package dev.chatnet.protocol.bus;

/** Event-bus addresses, named {@code <service>.<verb>}. Nobody else types these strings. */
public final class Addresses {

  /** Request {@link Registration}; reply {@link User}. Fails NAME_TAKEN, NAME_INVALID. */
  public static final String DIRECTORY_REGISTER = "directory.register";
  /** Request {@code {"id": n}}; reply {@link User}. Fails NOT_FOUND. */
  public static final String DIRECTORY_LOOKUP = "directory.lookup";
  /** Request {@code {}}; reply {@code {"users": [User...]}}, oldest session first. */
  public static final String DIRECTORY_LIST = "directory.list";
  /** Request {@code {"id": n, "session": s}}; reply {@code {"removed": bool}}. */
  public static final String DIRECTORY_UNREGISTER = "directory.unregister";
  /** Published once for every user that leaves, whatever the cause; body {@link User}. */
  public static final String DIRECTORY_LEFT = "directory.left";

  /**
   * Request {@link Deposits}: one or more deposits (a client's pipelined messages travel
   * together), stored in that order. Reply {@code {"outcomes": [DepositOutcome...]}} once each
   * is stored or refused, one per deposit in the same order; a refusal (NOT_CONNECTED,
   * INVALID_INPUT, MAILBOX_FULL) refuses only its own deposit. Fails INVALID_INPUT when the
   * request itself is unreadable or holds more than {@link Deposits#MAX}. A body that is one
   * {@link Deposit} (the request before batches) is answered {@code {}}, or fails as its
   * refusal.
   */
  public static final String MAILBOX_DEPOSIT = "mailbox.deposit";
  /**
   * Request {@code {"owner": n, "session": s, "token": t, "ack": previous t}}; reply
   * {@code {"token": t, "messages": [DirectMessage...]}}, oldest first, and the mailbox is
   * empty. Messages of the last drain not acknowledged come again. {@code token} is the one to
   * acknowledge next: the request's, or the last drain's when nothing new was taken.
   */
  public static final String MAILBOX_DRAIN = "mailbox.drain";

  /** chatroom-service: request {@link RoomRequest}; reply {@link RoomJoined}. Fails INVALID_INPUT, ROOM_EXISTS. */
  public static final String CHATROOM_CREATE = "chatroom.create";
  /** chatroom-service: request {@link RoomRequest}; reply {@link RoomJoined}. Fails INVALID_INPUT, ROOM_NOT_FOUND. */
  public static final String CHATROOM_JOIN = "chatroom.join";
  /**
   * chatroom-service: request {@link RoomRequest} with text; reply {@code {"seq": n}}. Fails INVALID_INPUT, ROOM_NOT_FOUND.
   * Or up to {@link RoomRequest#MAX_LINES} of them, {@code {"lines": [RoomRequest...]}}; reply
   * {@code {"outcomes": [{"seq": n} | {"failure": code, "message": text}...]}}, one per line, in order.
   */
  public static final String CHATROOM_SAY = "chatroom.say";
  /** chatroom-service: request {@link RoomRequest}, {@code text} "drop" when the gateway dropped a slow member; reply {}. */
  public static final String CHATROOM_LEAVE = "chatroom.leave";
  /** chatroom-service: request {@link RoomRequest} from the owner; reply {}. Fails NOT_ALLOWED, ROOM_NOT_FOUND. */
  public static final String CHATROOM_CLOSE = "chatroom.close";
  /** chatroom-service: request {@code {"room": key, "epoch": e, "after": seq}}; reply {@code {"events": [RoomEvent...]}}: recent events, to fill a gap. */
  public static final String CHATROOM_EVENTS = "chatroom.events";

  /**
   * Where the events of room {@code key} are published; each gateway holding members listens once.
   * A message is one {@link RoomEvent}, or those numbered together ({@link RoomEvent#batchToJson}).
   */
  public static String roomEvents(String key) {
    return "chatroom.room." + key;
  }

  /** proxy-service: request {@code {}}; reply {@code {"address": host address, "port": forward-proxy port}} when it can serve. */
  public static final String PROXY_STATUS = "proxy.status";
  /** proxy-service: request {@link ProxyRequest}; reply {@link ProxyReply}. Fails INVALID_INPUT (bad URL, method, form), UNAVAILABLE (origin unreachable), NOT_ALLOWED (denied destination). */
  public static final String PROXY_FETCH = "proxy.fetch";

  private Addresses() {
  }
}
