package dev.chatnet.protocol.bus;

import java.util.Map;

/**
 * One web request from the menu: {@code method} and {@code url} as typed, the POST form, the
 * Basic credentials (null when authentication is off; never logged, never stored), the
 * session's settings, and the client's address as the gateway saw it.
 */
public record ProxyRequest(String method, String url, Map<String, String> form, String username, String password,
                           ProxySettings settings, String clientAddress) {

  @Override
  public String toString() {
    // Records print every field; the password must never reach a log line.
    return "ProxyRequest[" + method + " " + url + "]";
  }
}
