package dev.chatnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTest {

  @Test
  void controlSequencesShowAsVisibleEscapes() {
    assertThat(Visible.line("clear \u001b[2J\u001b[H")).isEqualTo("clear ^[[2J^[[H");
    assertThat(Visible.line("\u001b]0;pwned\u0007title")).isEqualTo("^[]0;pwned^Gtitle");
    assertThat(Visible.line("red \u009b31m")).isEqualTo("red <U+009B>31m");
    assertThat(Visible.line("ok\b\b\bno")).isEqualTo("ok^H^H^Hno");
    assertThat(Visible.line("fine\rJose> I quit")).isEqualTo("fine^MJose> I quit");
    assertThat(Visible.line("gone\u007f")).isEqualTo("gone^?");
    assertThat(Visible.line("txt.\u202eexe")).isEqualTo("txt.<U+202E>exe");
    assertThat(Visible.line("one\ntwo")).isEqualTo("one^Jtwo");
  }

  @Test
  void plainTextTabsAndLineEndsStayAsTheyAre() {
    String plain = "Grüße\tfrom 你好 👋";
    assertThat(Visible.line(plain)).isSameAs(plain);
    assertThat(Visible.lines("a\r\nb\n\u001b[31mc\n")).isEqualTo("a\nb\n^[[31mc\n");
    assertThat(Visible.line("a line from a web page\r")).isEqualTo("a line from a web page");
  }

  @Test
  void everythingTheSafeTerminalPrintsIsFreeOfRawControls() {
    StringBuilder shown = new StringBuilder();
    Terminal screen = new Terminal() {
      @Override
      public String ask(String prompt) {
        shown.append(prompt);
        return "";
      }

      @Override
      public String askSecret(String prompt) {
        return ask(prompt);
      }

      @Override
      public void println(String line) {
        shown.append(line).append('\n');
      }

      @Override
      public void printLines(String text) {
        shown.append(text);
      }

      @Override
      public void changePrompt(String prompt) {
        shown.append(prompt);
      }
    };
    Terminal safe = new SafeTerminal(screen);
    safe.ask("\u001b[8mName: ");
    safe.askSecret("Pass\u0085word: ");
    safe.println("Jose> \u001b[2Jgone\nAlice> fake");
    safe.printLines("menu\n\u009b1mbold\n");
    safe.changePrompt("\u202e> ");
    assertThat(shown.chars().filter(c -> c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e)))
        .isEmpty();
    assertThat(shown.toString()).contains("Jose> ^[[2Jgone^JAlice> fake\n");
  }
}
