package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.ProxyReply;
import dev.chatnet.protocol.bus.ProxyRequest;
import dev.chatnet.protocol.bus.ProxySettings;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy settings menu of SPEC option 6, for one session: its labels follow the session's
 * settings, and option 4 sends one web request through the proxy service.
 */
final class ProxyMenu implements Screen {

  static final String NOTE_HEAD = "Note: authentication does not work with HEAD request";
  static final String UNAUTHORIZED = "401 Unauthorized. Activate authentication in your proxy server and try again.";
  private static final String INVALID = "Invalid option, enter a number from 1 to 5.";
  private static final Input REQUEST = new Input("request", "request> ", Input.Kind.TEXT);
  private static final Input USERNAME = new Input("username", "Username: ", Input.Kind.TEXT);
  private static final Input PASSWORD = new Input("password", "Password: ", Input.Kind.SECRET);
  private static final Input KEYS = new Input("keys", "POST keys separated by comma: ", Input.Kind.TEXT);
  private static final Input VALUES = new Input("values", "POST values separated by a comma: ", Input.Kind.TEXT);
  private static final Input CONTINUE = new Input("continue", "Do you want to continue with the main menu (y/n)?: ", Input.Kind.YES_NO);

  private final Services services;
  private final MainMenu mainMenu;
  private final Session session;
  private final long timeoutMillis;

  ProxyMenu(Services services, MainMenu mainMenu, Session session, long timeoutMillis) {
    this.services = services;
    this.mainMenu = mainMenu;
    this.session = session;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Frame.Menu menu() {
    ProxySettings s = session.proxySettings();
    return new Frame.Menu("proxy", List.of("*** Proxy Server Settings ***"),
        List.of(
            new MenuOption("1", "Turn web caching " + (s.caching() ? "Off" : "On"), List.of()),
            new MenuOption("2", "Turn authentication " + (s.authentication() ? "Off" : "On"), List.of()),
            new MenuOption("3", "Turn private browsing " + (s.privateBrowsing() ? "Off" : "On"), List.of()),
            new MenuOption("4", "Send a request (GET, HEAD OR POST):", List.of(REQUEST)),
            new MenuOption("5", "Turn web proxy server off", List.of())),
        "Your option <enter a number>: ",
        INVALID);
  }

  @Override
  public Future<Outcome> choose(Session session, String option, Map<String, String> inputs) {
    ProxySettings s = session.proxySettings();
    return switch (option) {
      case "1" -> toggled(s.withCaching(!s.caching()), "Web caching is " + onOff(!s.caching()));
      case "2" -> toggled(s.withAuthentication(!s.authentication()), "Web authentication is " + onOff(!s.authentication()));
      case "3" -> toggled(s.withPrivateBrowsing(!s.privateBrowsing()), "Private browsing is " + onOff(!s.privateBrowsing()));
      case "4" -> request(inputs.get("request"));
      case "5" -> Future.succeededFuture(new Outcome.Ask(List.of("Web proxy server is now off", ""), List.of(CONTINUE),
          answers -> Future.succeededFuture("y".equalsIgnoreCase(trim(answers.get("continue")))
              ? new Outcome.Switch(mainMenu, List.of())
              : new Outcome.Disconnect("Disconnected from server. Goodbye!"))));
      default -> Future.succeededFuture(new Outcome.Failed(ErrorCodes.INVALID_OPTION, INVALID));
    };
  }

  private Future<Outcome> toggled(ProxySettings next, String line) {
    session.proxySettings(next);
    return Future.succeededFuture(Outcome.lines(line));
  }

  /** Option 4: parses the request line, then asks for what it needs (credentials, form) before fetching. */
  private Future<Outcome> request(String typed) {
    String[] parts = trim(typed).split("\\s+");
    if (parts.length != 2) {
      return failed(ErrorCodes.INVALID_INPUT, "Type a method and a URL, for example: GET http://example.com/");
    }
    String method = parts[0].toUpperCase(Locale.ROOT);
    String url = parts[1];
    if (!List.of("GET", "HEAD", "POST").contains(method)) {
      return failed(ErrorCodes.INVALID_INPUT, "The method " + parts[0] + " is not supported; use GET, HEAD or POST.");
    }
    boolean auth = session.proxySettings().authentication();
    List<Input> needed = new ArrayList<>();
    if (auth && !method.equals("HEAD")) {
      needed.add(USERNAME);
      needed.add(PASSWORD);
    }
    if (method.equals("POST")) {
      needed.add(KEYS);
      needed.add(VALUES);
    }
    List<String> note = auth && method.equals("HEAD") ? List.of(NOTE_HEAD) : List.of();
    if (needed.isEmpty()) {
      return fetch(method, url, Map.of(), null, null, note);
    }
    return Future.succeededFuture(new Outcome.Ask(List.of(), needed, answers -> {
      Map<String, String> form = Map.of();
      if (method.equals("POST")) {
        List<String> keys = split(answers.get("keys"));
        List<String> values = split(answers.get("values"));
        if (keys.size() != values.size()) {
          return failed(ErrorCodes.INVALID_INPUT, "There are " + keys.size() + " POST keys but " + values.size()
              + " values; give one value for each key. Nothing was sent.");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          pairs.put(keys.get(i), values.get(i));
        }
        form = pairs;
      }
      return fetch(method, url, form, answers.get("username"), answers.get("password"), note);
    }));
  }

  private Future<Outcome> fetch(String method, String url, Map<String, String> form, String username,
                                String password, List<String> note) {
    ProxyRequest request = new ProxyRequest(method, url, form, username, password, session.proxySettings(),
        session.remoteHost());
    return services.request(Addresses.PROXY_FETCH, JsonObject.mapFrom(request), timeoutMillis)
        .map(reply -> render(method, reply.mapTo(ProxyReply.class), note))
        .otherwise(BusFailures::fetchFailed);
  }

  private Outcome render(String method, ProxyReply reply, List<String> note) {
    List<String> lines = new ArrayList<>(note);
    lines.add("Source IP address: " + reply.sourceAddress());
    String status = reply.status() + " " + reply.reason();
    if (reply.status() == 401 && !session.proxySettings().authentication()) {
      lines.add(UNAUTHORIZED);
    } else if (reply.status() < 200 || reply.status() > 299) {
      lines.add("Request failed with status code " + reply.status());
    } else if (method.equals("HEAD")) {
      lines.add("Success! " + status);
      lines.addAll(reply.headers());
    } else {
      lines.add("Success " + status + (reply.cached() ? " (cache)" : ""));
      String body = reply.body().endsWith("\n") ? reply.body().substring(0, reply.body().length() - 1) : reply.body();
      lines.addAll(List.of(body.split("\r?\n", -1)));
      if (reply.truncated() > 0) {
        lines.add("... (" + reply.truncated() + " more bytes not shown)");
      }
    }
    return new Outcome.Lines(lines);
  }

  private static List<String> split(String commaSeparated) {
    String text = trim(commaSeparated);
    if (text.isEmpty()) {
      return List.of();
    }
    return List.of(text.split("\\s*,\\s*", -1));
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  private static String trim(String text) {
    return text == null ? "" : text.trim();
  }

  private static Future<Outcome> failed(String code, String message) {
    return Future.succeededFuture(new Outcome.Failed(code, message));
  }
}
