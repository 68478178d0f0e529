package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import dev.chatnet.proxy.ProxyVerticle;
import dev.chatnet.proxy.TestOrigin;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Option 6 over real TCP: the settings menu, follow-up questions (ask/answer), and the proxy service behind it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayProxyTest {

  @TempDir
  Path dataDir;

  private GatewayVerticle gateway;
  private TestOrigin origin;
  private WireClient nina;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    JsonObject config = new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        // The test's origin listens on loopback, which the default policy denies.
        .put("proxy-deny", "169.254.0.0/16")
        .put("data-dir", dataDir.toString());
    origin = TestOrigin.start(vertx).await(10, TimeUnit.SECONDS);
    gateway = new GatewayVerticle("node-1");
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1"))).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new ProxyVerticle(), options).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(gateway, options).await(10, TimeUnit.SECONDS);
    nina = WireClient.login(gateway.port(), "Nina");
  }

  @AfterEach
  void close() throws Exception {
    nina.close();
  }

  /** Picks option 6 and yields the proxy menu it leads to. */
  private Frame.Menu openProxyMenu() throws Exception {
    long id = nina.act("6", Map.of());
    Frame.Result result = nina.expect(Frame.Result.class);
    assertThat(result.id()).isEqualTo(id);
    assertThat(result.lines()).isEmpty();
    return nina.expect(Frame.Menu.class);
  }

  private static List<String> labels(Frame.Menu menu) {
    return menu.options().stream().map(o -> o.key() + ". " + o.label()).toList();
  }

  @Test
  void theSettingsMenuLabelsFollowTheSessionsSettings() throws Exception {
    Frame.Menu menu = openProxyMenu();
    assertThat(menu.header()).containsExactly("*** Proxy Server Settings ***");
    assertThat(labels(menu)).containsExactly("1. Turn web caching On", "2. Turn authentication On",
        "3. Turn private browsing Off", "4. Send a request (GET, HEAD OR POST):", "5. Turn web proxy server off");
    assertThat(menu.prompt()).isEqualTo("Your option <enter a number>: ");
    assertThat(menu.options().get(3).inputs()).extracting(Input::label).containsExactly("request> ");

    nina.act("1", Map.of());
    assertThat(nina.expect(Frame.Result.class).lines()).containsExactly("Web caching is on");
    assertThat(labels(nina.expect(Frame.Menu.class))).contains("1. Turn web caching Off");
    nina.act("2", Map.of());
    assertThat(nina.expect(Frame.Result.class).lines()).containsExactly("Web authentication is on");
    assertThat(labels(nina.expect(Frame.Menu.class))).contains("2. Turn authentication Off");
    nina.act("3", Map.of());
    assertThat(nina.expect(Frame.Result.class).lines()).containsExactly("Private browsing is off");
    assertThat(labels(nina.expect(Frame.Menu.class))).contains("3. Turn private browsing On");
    nina.act("1", Map.of());
    assertThat(nina.expect(Frame.Result.class).lines()).containsExactly("Web caching is off");
    nina.expect(Frame.Menu.class);
    assertThat(nina.runFailing("9", Map.of()).message()).isEqualTo("Invalid option, enter a number from 1 to 5.");

    // Settings belong to the session: back at the main menu and in again, they are kept.
    nina.act("5", Map.of());
    Frame.Ask ask = nina.expect(Frame.Ask.class);
    nina.send(new Frame.Answer(ask.id(), Map.of("continue", "y")));
    nina.expect(Frame.Result.class);
    assertThat(nina.expect(Frame.Menu.class).name()).isEqualTo("main");
    assertThat(labels(openProxyMenu())).contains("1. Turn web caching On", "2. Turn authentication Off",
        "3. Turn private browsing On");
  }

  @Test
  void aGetShowsTheSourceTheStatusAndTheBody() throws Exception {
    openProxyMenu();
    List<String> lines = nina.run("4", Map.of("request", "GET " + origin.url("/")));
    assertThat(lines).containsExactly("Source IP address: 127.0.0.1", "Success 200 OK", "<!doctype html>",
        "<p>hello from the origin</p>");
    assertThat(nina.run("4", Map.of("request", "GET " + origin.url("/missing"))))
        .containsExactly("Source IP address: 127.0.0.1", "Request failed with status code 404");
    assertThat(nina.run("4", Map.of("request", "HEAD " + origin.url("/moved"))))
        .containsExactly("Source IP address: 127.0.0.1", "Request failed with status code 301");
    assertThat(nina.run("4", Map.of("request", "GET " + origin.url("/secret"))))
        .containsExactly("Source IP address: 127.0.0.1",
            "401 Unauthorized. Activate authentication in your proxy server and try again.");
    Frame.Error bad = nina.runFailing("4", Map.of("request", "DELETE " + origin.url("/")));
    assertThat(bad.message()).isEqualTo("The method DELETE is not supported; use GET, HEAD or POST.");
    assertThat(nina.runFailing("4", Map.of("request", "GET not-a-url")).message())
        .isEqualTo("Bad URL 'not-a-url': it must start with http:// or https://");
  }

  @Test
  void authenticationAsksForCredentialsWithAFollowUpQuestion() throws Exception {
    openProxyMenu();
    nina.run("2", Map.of());
    long id = nina.act("4", Map.of("request", "GET " + origin.url("/secret")));
    Frame.Ask ask = nina.expect(Frame.Ask.class);
    assertThat(ask.id()).isEqualTo(id);
    assertThat(ask.inputs()).extracting(Input::name, Input::label, Input::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("username", "Username: ", Input.Kind.TEXT),
        org.assertj.core.groups.Tuple.tuple("password", "Password: ", Input.Kind.SECRET));
    // An answer to some other question, or an action, does not fit now.
    nina.send(new Frame.Answer(id + 100, Map.of()));
    assertThat(nina.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.UNEXPECTED);
    nina.send(new Frame.Answer(id, Map.of("username", TestOrigin.USER, "password", TestOrigin.PASSWORD)));
    Frame.Result result = nina.expect(Frame.Result.class);
    assertThat(result.id()).isEqualTo(id);
    assertThat(result.lines()).containsExactly("Source IP address: 127.0.0.1", "Success 200 OK", "the secret #1");
    nina.expect(Frame.Menu.class);

    List<String> head = nina.run("4", Map.of("request", "HEAD " + origin.url("/")));
    assertThat(head.subList(0, 3)).containsExactly("Note: authentication does not work with HEAD request",
        "Source IP address: 127.0.0.1", "Success! 200 OK");
    assertThat(head).contains("Content-Type: text/html");
  }

  @Test
  void postAsksForTheFormAndRefusesUnequalCounts() throws Exception {
    openProxyMenu();
    long id = nina.act("4", Map.of("request", "POST " + origin.url("/echo")));
    Frame.Ask ask = nina.expect(Frame.Ask.class);
    assertThat(ask.inputs()).extracting(Input::label)
        .containsExactly("POST keys separated by comma: ", "POST values separated by a comma: ");
    nina.send(new Frame.Answer(id, Map.of("keys", "name, city", "values", "Nina, Berlin")));
    assertThat(nina.expect(Frame.Result.class).lines()).containsExactly("Source IP address: 127.0.0.1",
        "Success 200 OK", "POST name=Nina&city=Berlin");
    nina.expect(Frame.Menu.class);

    id = nina.act("4", Map.of("request", "POST " + origin.url("/echo")));
    nina.expect(Frame.Ask.class);
    nina.send(new Frame.Answer(id, Map.of("keys", "a,b", "values", "1")));
    assertThat(nina.expect(Frame.Error.class).message())
        .isEqualTo("There are 2 POST keys but 1 values; give one value for each key. Nothing was sent.");
    assertThat(nina.expect(Frame.Menu.class).name()).isEqualTo("proxy");
    assertThat(origin.count("/echo")).isEqualTo(1);
  }

  @Test
  void turningTheProxyOffAsksWhetherToGoOn() throws Exception {
    openProxyMenu();
    long id = nina.act("5", Map.of());
    Frame.Ask ask = nina.expect(Frame.Ask.class);
    assertThat(ask.lines()).containsExactly("Web proxy server is now off", "");
    assertThat(ask.inputs()).extracting(Input::label, Input::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Do you want to continue with the main menu (y/n)?: ", Input.Kind.YES_NO));
    nina.send(new Frame.Answer(id, Map.of("continue", "n")));
    assertThat(nina.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected from server. Goodbye!");
    assertThat(nina.awaitClosed()).isTrue();
  }

  @Test
  void theMainMenuStillListsSevenOptions() {
    assertThat(MainMenu.MENU.options()).extracting(MenuOption::key).containsExactly("1", "2", "3", "4", "5", "6", "7");
  }
}
