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

  /** Request {@link Deposit}; reply {@code {}} once stored. Fails NOT_CONNECTED, INVALID_INPUT, MAILBOX_FULL. */
  public static final String MAILBOX_DEPOSIT = "mailbox.deposit";
  /** Request {@code {"owner": n, "session": s}}; reply {@code {"messages": [DirectMessage...]}}, oldest first, and the mailbox is empty. */
  public static final String MAILBOX_DRAIN = "mailbox.drain";

  /** chatroom-service: request {@code {"room": r, ...}}; creates a room owned by the caller. */
  public static final String CHATROOM_CREATE = "chatroom.create";
  /** chatroom-service: request {@code {"room": r, ...}}; joins an existing room. */
  public static final String CHATROOM_JOIN = "chatroom.join";

  /** proxy-service: request {@code {}}; reply {@code {"address": outbound address}} when it can serve. */
  public static final String PROXY_STATUS = "proxy.status";

  private Addresses() {
  }
}
