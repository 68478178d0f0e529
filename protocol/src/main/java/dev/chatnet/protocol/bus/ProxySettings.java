package dev.chatnet.protocol.bus;

/**
 * A user's web-proxy settings. They belong to the session: the gateway keeps them and sends
 * them with each request, so the proxy service holds no per-user state.
 */
public record ProxySettings(boolean caching, boolean authentication, boolean privateBrowsing) {

  /** SPEC option 6: caching off, authentication off, private browsing on. */
  public static final ProxySettings DEFAULTS = new ProxySettings(false, false, true);

  public ProxySettings withCaching(boolean on) {
    return new ProxySettings(on, authentication, privateBrowsing);
  }

  public ProxySettings withAuthentication(boolean on) {
    return new ProxySettings(caching, on, privateBrowsing);
  }

  public ProxySettings withPrivateBrowsing(boolean on) {
    return new ProxySettings(caching, authentication, on);
  }
}
