package dev.chatnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatnet.protocol.bus.Names;
import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void everyFrameSurvivesTheWire() throws Exception {
    List<Frame> frames = List.of(
        new Frame.Hello(Frame.VERSION, "chatnet", 65536, 20, 40),
        new Frame.Login("Nina", "Europe/Berlin"),
        new Frame.Retry("The name 'Nina' is already taken."),
        new Frame.Ready(50851, "Nina"),
        new Frame.Ack(50851),
        new Frame.Menu("main", List.of("Options Available:"),
            List.of(new MenuOption("2", "Send a message", List.of(new Input("recipient", "Enter recipient id: ", Input.Kind.NUMBER)))),
            "Your option <enter a number>: ", "Invalid option, enter a number from 1 to 7."),
        new Frame.Action(3, "2", Map.of("recipient", "50922")),
        new Frame.Result(3, List.of("Message sent!")),
        new Frame.Error(3L, "NOT_CONNECTED", "No user with id 50922 is connected."),
        new Frame.Event("Alice joined."),
        new Frame.Shutdown(5, "Server will shut down in 5 seconds"),
        new Frame.Bye("Goodbye"),
        new Frame.Ping(1L),
        new Frame.Pong(1L),
        new Frame.Ask(4, List.of("Web proxy server is now off", ""),
            List.of(new Input("continue", "Do you want to continue with the main menu (y/n)?: ", Input.Kind.YES_NO))),
        new Frame.Answer(4, Map.of("continue", "y")));
    for (Frame frame : frames) {
      String line = Frames.encode(frame);
      assertThat(line).doesNotContain("\n");
      assertThat(Frames.decode(line)).isEqualTo(frame);
    }
  }

  @Test
  void framesAreReadableJsonWithTheirType() {
    assertThat(Frames.encode(new Frame.Ready(7, "Nina"))).isEqualTo("{\"type\":\"ready\",\"clientId\":7,\"name\":\"Nina\"}");
    Frame.Menu menu = new Frame.Menu("m", List.of(),
        List.of(new MenuOption("1", "x", List.of(new Input("a", "A? ", Input.Kind.YES_NO)))), "> ", "no");
    assertThat(Frames.encode(menu)).contains("\"kind\":\"yes-no\"");
  }

  /** Texts the streamed room frames must write and read exactly as data binding does. */
  private static final List<String> TRICKY = java.util.Arrays.asList(
      "", "Hello", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", "\u0000\u0007\u001b[31m\u007f",
      "José ☕ 日本語 😀", "</script>", "\u2028\u2029", "x".repeat(5000), null);

  @Test
  void roomFramesAreWrittenByteForByteAsDataBindingWritesThem() {
    for (String text : TRICKY) {
      for (Frame frame : List.of(new Frame.Event(text), new Frame.Say(42, text), new Frame.Say(-1, text),
          new Frame.Result(Long.MAX_VALUE, text == null ? List.of() : List.of(text, "second")))) {
        assertThat(Frames.line(frame).toString(java.nio.charset.StandardCharsets.UTF_8))
            .as("%s", frame).isEqualTo(Frames.encode(frame) + "\n");
      }
    }
    assertThat(Frames.line(new Frame.Result(3, null)).toString()).isEqualTo("{\"type\":\"result\",\"id\":3}\n");
    Frame withANullLine = new Frame.Result(3, java.util.Arrays.asList("a", null));
    assertThat(Frames.line(withANullLine).toString()).isEqualTo(Frames.encode(withANullLine) + "\n");
  }

  @Test
  void roomFramesReadBackAsTheyWereSent() throws Exception {
    for (String text : TRICKY) {
      for (Frame frame : List.of(new Frame.Event(text), new Frame.Say(42, text), new Frame.Say(Long.MIN_VALUE, text))) {
        String line = Frames.line(frame).toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        assertThat(Frames.decode(line)).isEqualTo(frame);
      }
    }
  }

  @Test
  void unusualSaysAndEventsReadAsBefore() throws Exception {
    // Each goes past the streamed reader, to data binding, which reads or explains it as it always did.
    assertThat(Frames.decode("{\"type\":\"say\",\"text\":\"hi\",\"color\":\"red\",\"id\":2}")).isEqualTo(new Frame.Say(2, "hi"));
    assertThat(Frames.decode("{\"type\":\"say\",\"text\":\"hi\"}")).isEqualTo(new Frame.Say(0, "hi"));
    assertThat(Frames.decode("{\"text\":\"hi\",\"type\":\"say\",\"id\":5}")).isEqualTo(new Frame.Say(5, "hi"));
    assertThat(Frames.decode("{\"type\":\"say\",\"id\":5,\"text\":\"\\ud800\"}")).isEqualTo(new Frame.Say(5, "\ud800"));
    assertThat(Frames.decode("{\"type\":\"event\",\"text\":\"a\"} trailing")).isEqualTo(new Frame.Event("a"));
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"say\",\"id\":99999999999999999999999,\"text\":\"x\"}"))
        .isInstanceOf(BadFrameException.class);
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"say\",\"id\":5,\"text\":\"x\""))
        .isInstanceOf(BadFrameException.class);
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"say\",\"id\":\"five\",\"text\":\"x\"}"))
        .isInstanceOf(BadFrameException.class).hasMessageContaining("'id'");
  }

  @Test
  void halfASurrogatePairIsWrittenAsDataBindingWritesIt() {
    Frame half = new Frame.Event("a\ud800b\udc00");
    assertThat(Frames.line(half).getBytes()).isEqualTo((Frames.encode(half) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void unknownFieldsAreIgnoredForNewerPeers() throws Exception {
    assertThat(Frames.decode("{\"type\":\"event\",\"text\":\"hi\",\"color\":\"red\"}")).isEqualTo(new Frame.Event("hi"));
  }

  @Test
  void badLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"teleport\"}"))
        .isInstanceOfSatisfying(BadFrameException.class, e -> assertThat(e.reason()).isEqualTo(BadFrameException.Reason.UNKNOWN_TYPE))
        .hasMessageContaining("teleport");
    assertThatThrownBy(() -> Frames.decode("{\"text\":\"no type\"}"))
        .isInstanceOfSatisfying(BadFrameException.class, e -> assertThat(e.reason()).isEqualTo(BadFrameException.Reason.MALFORMED));
    assertThatThrownBy(() -> Frames.decode("not json"))
        .isInstanceOfSatisfying(BadFrameException.class, e -> assertThat(e.reason()).isEqualTo(BadFrameException.Reason.MALFORMED));
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"ready\",\"clientId\":\"abc\"}"))
        .isInstanceOf(BadFrameException.class);
    assertThatThrownBy(() -> Frames.decode("[1,2]")).isInstanceOf(BadFrameException.class);
  }

  @Test
  void namesFollowTheRule() {
    assertThat(Names.problem("Nina")).isEmpty();
    assertThat(Names.problem("a.b-c_9")).isEmpty();
    assertThat(Names.problem("x".repeat(32))).isEmpty();
    assertThat(Names.problem("")).contains("The name is empty.");
    assertThat(Names.problem("x".repeat(33))).contains("The name is longer than 32 characters.");
    assertThat(Names.problem("Nina Simone")).hasValueSatisfying(p -> assertThat(p).contains("letters, digits"));
    assertThat(Names.problem("Zoë")).isPresent();
    assertThat(Names.key("NiNa")).isEqualTo(Names.key("nina"));
  }

  @Test
  void askAndAnswerReadAsProtocolMdShows() throws Exception {
    assertThat(Frames.decode("{\"type\":\"ask\",\"id\":7,\"lines\":[],\"inputs\":[{\"name\":\"password\",\"label\":\"Password: \",\"kind\":\"secret\"}]}"))
        .isEqualTo(new Frame.Ask(7, List.of(), List.of(new Input("password", "Password: ", Input.Kind.SECRET))));
    assertThat(Frames.encode(new Frame.Answer(7, Map.of("password", "pw"))))
        .isEqualTo("{\"type\":\"answer\",\"id\":7,\"inputs\":{\"password\":\"pw\"}}");
  }

  @Test
  void aBadLineIsExplainedInTheClientsTermsNeverTheDecodersOwn() {
    String[] bad = {
        "{\"type\":\"ready\",\"clientId\":\"abc\"}",
        "{\"type\":\"action\",\"id\":1,\"option\":\"2\",\"inputs\":[1,2]}",
        "{\"type\":\"say\",\"id\":{\"a\":1},\"text\":\"x\"}",
        "[".repeat(3000),
        "{\"type\":\"say\",\"id\":1" + "1".repeat(2000) + "}",
        "not json", "[1,2]", "{\"type\":\"login\",\"name\":\"x\"", "\"just a string\""};
    for (String line : bad) {
      assertThatThrownBy(() -> Frames.decode(line)).as(line.length() > 60 ? line.substring(0, 60) : line)
          .isInstanceOfSatisfying(BadFrameException.class, e -> assertThat(e.getMessage())
              .doesNotContainIgnoringCase("jackson").doesNotContain("java.").doesNotContain("dev.chatnet")
              .doesNotContain("LinkedHashMap").doesNotContain("Constraints").doesNotContain("Frame$")
              .doesNotContain("Source:").doesNotContain("`"));
    }
    assertThatThrownBy(() -> Frames.decode("{\"type\":\"ready\",\"clientId\":\"abc\"}"))
        .hasMessage("the frame's field 'clientId' has the wrong kind of value.");
  }
}
