package dev.chatnet.protocol.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of the wire protocol between client and gateway: a JSON object whose {@code type}
 * names the record. PROTOCOL.md documents each with an example.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Frame.Login.class, name = "login"),
    @JsonSubTypes.Type(value = Frame.Retry.class, name = "retry"),
    @JsonSubTypes.Type(value = Frame.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = Frame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = Frame.Menu.class, name = "menu"),
    @JsonSubTypes.Type(value = Frame.Action.class, name = "action"),
    @JsonSubTypes.Type(value = Frame.Result.class, name = "result"),
    @JsonSubTypes.Type(value = Frame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = Frame.Event.class, name = "event"),
    @JsonSubTypes.Type(value = Frame.Room.class, name = "room"),
    @JsonSubTypes.Type(value = Frame.Say.class, name = "say"),
    @JsonSubTypes.Type(value = Frame.Shutdown.class, name = "shutdown"),
    @JsonSubTypes.Type(value = Frame.Bye.class, name = "bye"),
    @JsonSubTypes.Type(value = Frame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Frame.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Frame.Ask.class, name = "ask"),
    @JsonSubTypes.Type(value = Frame.Answer.class, name = "answer"),
})
public sealed interface Frame {

  /** Wire protocol version, sent in {@link Hello}. */
  int VERSION = 1;

  /**
   * Server greeting, the first line on every connection. {@code rate} and {@code burst} are its
   * flood limit: frames a second the connection may send, and how many at once; a client that
   * keeps to them never has a frame dropped. 0 from a server that does not say.
   */
  record Hello(int version, String server, int maxLine, int rate, int burst) implements Frame {}

  /** Client: the name it asks for, and its time zone (an IANA id such as {@code Europe/Berlin}). */
  record Login(String name, String zone) implements Frame {}

  /** Server: the name was refused; the client asks the user again on the same connection. */
  record Retry(String reason) implements Frame {}

  /** Server: the name is the client's, with the client id it was assigned. */
  record Ready(long clientId, String name) implements Frame {}

  /** Client: acknowledges the id of {@link Ready}; the server then sends the menu. */
  record Ack(long clientId) implements Frame {}

  /** Server: a menu to render. The client shows whatever it is sent. */
  record Menu(String name, java.util.List<String> header, java.util.List<MenuOption> options,
              String prompt, String invalid) implements Frame {}

  /** Client: the user picked {@code option} of the current menu and answered its inputs. */
  record Action(long id, String option, java.util.Map<String, String> inputs) implements Frame {}

  /** Server: the lines that answer the action {@code id}. */
  record Result(long id, java.util.List<String> lines) implements Frame {}

  /** Server: something went wrong; {@code id} is the action's when there is one. */
  record Error(Long id, String code, String message) implements Frame {}

  /** Server push: a line to show now (room messages, notices). */
  record Event(String text) implements Frame {}

  /**
   * Server: the session is now in chat room {@code room}; show {@code lines}, then send each
   * line the user types as a {@link Say} until a {@link Menu} comes.
   */
  record Room(String room, java.util.List<String> lines) implements Frame {}

  /**
   * Client, in a room: a line the user typed. Answered by a {@link Result} or {@link Error}
   * (still in the room) or by a {@link Menu} (out of it).
   */
  record Say(long id, String text) implements Frame {

    /** Whether the server reads {@code text} as a word that leaves or closes the room ('bye', 'exit'), not a line to say. */
    public static boolean steers(String text) {
      String word = text == null ? "" : text.trim();
      return word.equalsIgnoreCase("exit") || word.equalsIgnoreCase("bye");
    }
  }

  /** Server push: the server stops in {@code seconds}; the connection closes then. */
  record Shutdown(int seconds, String message) implements Frame {}

  /** Either side: the session ends; the server closes the connection after sending it. */
  record Bye(String reason) implements Frame {}

  /** Client keep-alive while the user thinks; answered with {@link Pong}. */
  record Ping(Long id) implements Frame {}

  record Pong(Long id) implements Frame {}

  /**
   * Server: a follow-up question about action {@code id}, whose inputs depend on earlier
   * answers. Print {@code lines}, ask each input as a menu option's, and reply with an
   * {@link Answer} carrying the same id.
   */
  record Ask(long id, java.util.List<String> lines, java.util.List<Input> inputs) implements Frame {

    public Ask {
      lines = lines == null ? java.util.List.of() : java.util.List.copyOf(lines);
      inputs = inputs == null ? java.util.List.of() : java.util.List.copyOf(inputs);
    }
  }

  /** Client: the user's values for the inputs of the {@link Ask} {@code id}, by name. */
  record Answer(long id, java.util.Map<String, String> inputs) implements Frame {}
}
