package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's way in (SPEC §1): hello, login with a name the directory registers, the
 * client's acknowledgement of its id, then the main menu. A refused name may be tried again.
 * The session lets go of it once the user is in.
 */
final class Handshake {

  private static final Logger log = LoggerFactory.getLogger(Handshake.class);
  /** The IANA zone ids (a copy per call from the JDK, so kept once). */
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private final Session session;
  private final GatewayVerticle gateway;

  Handshake(Session session, GatewayVerticle gateway) {
    this.session = session;
    this.gateway = gateway;
  }

  void start() {
    GatewaySettings settings = gateway.settings();
    session.send(new Frame.Hello(Frame.VERSION, "chatnet", settings.maxLine(), settings.rate(), settings.burst()));
  }

  void login(Frame.Login login) {
    session.state(Session.State.REGISTERING);
    ZoneId zone = zoneOf(login.zone());
    if (zone == null) {
      zone = ZoneOffset.UTC;
      session.send(new Frame.Error(null, ErrorCodes.INVALID_INPUT, "Unknown time zone '" + shortened(login.zone())
          + "': it must be an IANA zone id such as Europe/Berlin. Times are shown in UTC."));
    }
    session.zone(zone);
    Registration registration = new Registration(login.name() == null ? "" : login.name().trim(), gateway.nodeId());
    gateway.services().request(Addresses.DIRECTORY_REGISTER, registration.toJson())
        .onComplete(result -> {
          if (result.succeeded()) {
            User user = User.fromJson(result.result());
            session.user(user);
            gateway.services().meters().loggedIn();
            if (session.state() == Session.State.CLOSED) {
              gateway.services().meters().loggedOut();
              gateway.departures().leave(user);
              return;
            }
            session.state(Session.State.AWAITING_ACK);
            session.send(new Frame.Ready(user.id(), user.name()));
          } else if (session.state() != Session.State.CLOSED) {
            gateway.services().meters().nameRefused(result.cause());
            session.state(Session.State.GREETED);
            session.send(new Frame.Retry(BusFailures.nameRefused(result.cause())));
          }
          session.actions().pump();
        });
  }

  void acknowledge(Frame.Ack ack) {
    User user = session.user();
    if (ack.clientId() != user.id()) {
      session.send(new Frame.Error(null, ErrorCodes.UNEXPECTED, "The acknowledged id " + ack.clientId() + " is not yours (" + user.id() + ")."));
      return;
    }
    session.state(Session.State.READY);
    session.handshakeDone();
    session.about(log.atInfo()).log("Client {} connected from {}", session.describe(), session.remoteHost());
    session.actions().show(gateway.mainMenu());
  }

  private static String shortened(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  /** The zone a client named: UTC when it named none, null when it is not an IANA zone id (or UTC/offset form). */
  private static ZoneId zoneOf(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneOffset.UTC;
    }
    if (!ZONES.contains(zone) && !zone.matches("Z|UTC|GMT|[+-]\\d{2}:\\d{2}")) {
      return null;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
