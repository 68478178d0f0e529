package dev.chatnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.Frames;
import org.junit.jupiter.api.Test;

/** Each frame the server sends, as a wire line, and the exact text the user sees for it. */
class RendererTest {

  private final StringBuilder screen = new StringBuilder();
  // As the client runs: server text reaches the screen through a SafeTerminal.
  private final Renderer renderer = new Renderer(new SafeTerminal(new ScreenTerminal(screen)), "127.0.0.1", 12000);

  private String shown(String wireLine) throws BadFrameException {
    screen.setLength(0);
    renderer.show(Frames.decode(wireLine));
    return screen.toString();
  }

  @Test
  void theHandshakeGreetsWithTheClientsInfo() throws Exception {
    assertThat(shown("{\"type\":\"hello\",\"version\":1,\"server\":\"chatnet\",\"maxLine\":65536}")).isEmpty();
    assertThat(shown("{\"type\":\"retry\",\"reason\":\"The name 'Nina' is already taken.\"}"))
        .isEqualTo("The name 'Nina' is already taken.\n");
    assertThat(shown("{\"type\":\"ready\",\"clientId\":50851,\"name\":\"Nina\"}")).isEqualTo("""
        Successfully connected to server with IP: 127.0.0.1 and port: 12000
        Your client info is:
        Client Name: Nina
        Client ID: 50851
        """);
  }

  @Test
  void aMenuIsItsHeaderAndNumberedOptionsBetweenBlankLines() throws Exception {
    assertThat(shown("""
        {"type":"menu","name":"main","header":["****** TCP Message App ******","-----------------------","Options Available:"],
         "options":[{"key":"1","label":"Get user list","inputs":[]},
                    {"key":"2","label":"Send a message","inputs":[{"name":"message","label":"Enter your message: ","kind":"text"}]},
                    {"key":"8","label":"An option added tomorrow","inputs":[]}],
         "prompt":"Your option <enter a number>: ","invalid":"Invalid option, enter a number from 1 to 8."}
        """.replace("\n", ""))).isEqualTo("""

        ****** TCP Message App ******
        -----------------------
        Options Available:
        1. Get user list
        2. Send a message
        8. An option added tomorrow

        """);
  }

  @Test
  void resultsErrorsQuestionsAndRoomsPrintTheirLines() throws Exception {
    assertThat(shown("{\"type\":\"result\",\"id\":1,\"lines\":[\"Users in server: Jose:2345, Nina:50851\"]}"))
        .isEqualTo("Users in server: Jose:2345, Nina:50851\n");
    assertThat(shown("{\"type\":\"result\",\"id\":6,\"lines\":[]}")).isEmpty();
    assertThat(shown("{\"type\":\"error\",\"id\":4,\"code\":\"NOT_CONNECTED\",\"message\":\"No user with id 50922 is connected.\"}"))
        .isEqualTo("No user with id 50922 is connected.\n");
    assertThat(shown("{\"type\":\"error\",\"code\":\"BAD_FRAME\",\"message\":\"The line is not JSON.\"}"))
        .isEqualTo("The line is not JSON.\n");
    assertThat(shown("""
        {"type":"ask","id":8,"lines":["Web proxy server is now off",""],"inputs":[{"name":"continue",
         "label":"Do you want to continue with the main menu (y/n)?: ","kind":"yes-no"}]}
        """.replace("\n", ""))).isEqualTo("Web proxy server is now off\n\n");
    assertThat(shown("""
        {"type":"room","room":"23456","lines":["","----------------------- Chat Room 23456 ------------------------",
         "Joined to chat room 23456","Type 'bye' to exit this chat room."]}
        """.replace("\n", ""))).isEqualTo("""

        ----------------------- Chat Room 23456 ------------------------
        Joined to chat room 23456
        Type 'bye' to exit this chat room.
        """);
  }

  @Test
  void pushesAndTheEndOfASession() throws Exception {
    assertThat(shown("{\"type\":\"event\",\"text\":\"Alice> Hello\"}")).isEqualTo("Alice> Hello\n");
    assertThat(shown("{\"type\":\"shutdown\",\"seconds\":5,\"message\":\"Server will shut down in 5 seconds\"}"))
        .isEqualTo("\nServer will shut down in 5 seconds\n");
    assertThat(shown("{\"type\":\"bye\",\"reason\":\"Disconnected from server. Goodbye!\"}"))
        .isEqualTo("\nDisconnected from server. Goodbye!\n");
    assertThat(shown("{\"type\":\"bye\"}")).isEmpty();
    assertThat(shown("{\"type\":\"pong\",\"id\":9}")).isEmpty();
  }

  @Test
  void controlCharactersFromTheServerShowAsVisibleEscapesInEveryFrame() throws Exception {
    assertThat(shown("{\"type\":\"retry\",\"reason\":\"taken\\u001b[2J\"}")).isEqualTo("taken^[[2J\n");
    assertThat(shown("{\"type\":\"ready\",\"clientId\":7,\"name\":\"N\\u202eina\"}"))
        .endsWith("Client Name: N<U+202E>ina\nClient ID: 7\n");
    // A line break inside one menu line stays in that line (a CR before it goes): no fake option slips in.
    assertThat(shown("""
        {"type":"menu","name":"main","header":["Menu\\n7. Fake\\u0007"],
         "options":[{"key":"1","label":"List\\r\\n2. Fake","inputs":[]}],"prompt":"> ","invalid":"no"}
        """.replace("\n", ""))).isEqualTo("\nMenu^J7. Fake^G\n1. List^J2. Fake\n\n");
    assertThat(shown("{\"type\":\"result\",\"id\":1,\"lines\":[\"a\\u009b31mb\",\"c\\u007f\"]}"))
        .isEqualTo("a<U+009B>31mb\nc^?\n");
    assertThat(shown("{\"type\":\"error\",\"id\":2,\"code\":\"X\",\"message\":\"one\\ntwo\"}")).isEqualTo("one^Jtwo\n");
    assertThat(shown("{\"type\":\"ask\",\"id\":3,\"lines\":[\"\\u001b]0;title\\u0007\"],\"inputs\":[]}"))
        .isEqualTo("^[]0;title^G\n");
    assertThat(shown("{\"type\":\"room\",\"room\":\"r\",\"lines\":[\"\\u2066hidden\\u2069\"]}"))
        .isEqualTo("<U+2066>hidden<U+2069>\n");
    assertThat(shown("{\"type\":\"event\",\"text\":\"Jose> hi\\rAlice> fake\"}")).isEqualTo("Jose> hi^MAlice> fake\n");
    assertThat(shown("{\"type\":\"shutdown\",\"seconds\":5,\"message\":\"bye\\b\\b\\bok\"}")).isEqualTo("\nbye^H^H^Hok\n");
    assertThat(shown("{\"type\":\"bye\",\"reason\":\"gone\\u0085\"}")).isEqualTo("\ngone<U+0085>\n");
  }

  /** Records what would reach the screen; reads nothing. */
  private record ScreenTerminal(StringBuilder screen) implements Terminal {
    @Override
    public String ask(String prompt) {
      screen.append(prompt);
      return null;
    }

    @Override
    public String askSecret(String prompt) {
      return ask(prompt);
    }

    @Override
    public void println(String line) {
      screen.append(line).append('\n');
    }

    @Override
    public void printLines(String text) {
      screen.append(text);
    }

    @Override
    public void changePrompt(String prompt) {
      screen.append(prompt);
    }
  }
}
