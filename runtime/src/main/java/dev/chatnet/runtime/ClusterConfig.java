package dev.chatnet.runtime;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import dev.chatnet.state.StateSerialization;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Turns the cluster settings into the Hazelcast and Vert.x configuration of chatnet-cluster.xml. */
final class ClusterConfig {

  private ClusterConfig() {
  }

  static JsonObject defaults() {
    return new JsonObject()
        .put("cluster-name", "chatnet")
        .put("cluster-members", "127.0.0.1")
        .put("cluster-port", 5701)
        // Empty: Hazelcast picks the address. Set both in containers, never 0.0.0.0.
        .put("cluster-host", "")
        .put("cluster-public-host", "")
        // In a container on several networks: a name on the cluster's network (a peer service);
        // this process then uses its own address on the route to it.
        .put("cluster-route-to", "")
        .put("cluster-heartbeat-timeout", 10)
        // A lite member holds no partitions of the cluster's maps: for services that keep no
        // shared state, so the data and its backups stay with the services that own it.
        .put("cluster-lite-member", false)
        // PEM files: with all three, members speak TLS to each other on the event bus and each
        // must show a certificate the authority signed.
        .put("cluster-tls-cert", "")
        .put("cluster-tls-key", "")
        .put("cluster-tls-ca", "");
  }

  /** The cluster settings with {@code cluster-route-to} turned into host and public host. */
  static JsonObject resolve(JsonObject config) {
    String target = config.getString("cluster-route-to", "");
    if (target.isEmpty() || !config.getString("cluster-host").isEmpty()) {
      return config;
    }
    try (DatagramSocket probe = new DatagramSocket()) {
      // Connecting a datagram socket sends nothing; it only asks the routing table.
      probe.connect(InetAddress.getByName(target), config.getInteger("cluster-port"));
      String own = probe.getLocalAddress().getHostAddress();
      JsonObject resolved = config.copy().put("cluster-host", own);
      if (resolved.getString("cluster-public-host").isEmpty()) {
        resolved.put("cluster-public-host", own);
      }
      return resolved;
    } catch (IOException e) {
      throw new IllegalStateException("cannot find a route to " + target + ": " + e.getMessage(), e);
    }
  }

  static Config hazelcast(JsonObject config) {
    // Set before Hazelcast logs its first line, which it does while reading the XML.
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config hz = new ClasspathXmlConfig("chatnet-cluster.xml");
    hz.setClusterName(config.getString("cluster-name"));
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(config.getInteger("cluster-heartbeat-timeout")));
    hz.setLiteMember(config.getBoolean("cluster-lite-member", false));
    // Every member, lite ones included, can read and run the state's values and operations.
    StateSerialization.register(hz.getSerializationConfig());
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.getInteger("cluster-port"));
    String host = config.getString("cluster-host");
    if (!host.isEmpty()) {
      // Not the interfaces list: Hazelcast also drops every member address that does not match it.
      hz.setProperty("hazelcast.local.localAddress", host);
    }
    String publicHost = config.getString("cluster-public-host");
    if (!publicHost.isEmpty()) {
      network.setPublicAddress(publicHost);
    }
    TcpIpConfig tcp = network.getJoin().getTcpIpConfig();
    tcp.getMembers().clear();
    Arrays.stream(config.getString("cluster-members").split(","))
        .map(String::trim)
        .filter(m -> !m.isEmpty())
        .forEach(tcp::addMember);
    return hz;
  }

  static VertxOptions vertxOptions(JsonObject config) {
    EventBusOptions bus = new EventBusOptions();
    String host = config.getString("cluster-host");
    if (!host.isEmpty()) {
      bus.setHost(host);
    }
    String publicHost = config.getString("cluster-public-host");
    if (!publicHost.isEmpty()) {
      bus.setClusterPublicHost(publicHost);
    }
    busTls(config, bus);
    return new VertxOptions().setEventBusOptions(bus);
  }

  private static void busTls(JsonObject config, EventBusOptions bus) {
    String cert = config.getString("cluster-tls-cert", "").trim();
    String key = config.getString("cluster-tls-key", "").trim();
    String ca = config.getString("cluster-tls-ca", "").trim();
    if (cert.isEmpty() && key.isEmpty() && ca.isEmpty()) {
      return;
    }
    if (cert.isEmpty() || key.isEmpty() || ca.isEmpty()) {
      throw new IllegalArgumentException(
          "--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together: give all three, or none for clear text");
    }
    for (String file : new String[] {cert, key, ca}) {
      if (!Files.isReadable(Path.of(file))) {
        throw new IllegalArgumentException("Cannot read " + file + " (a cluster TLS file)");
      }
    }
    // Members reach each other by address, often a container's: the check is the shared
    // authority's signature, both ways, not a host name.
    bus.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca))
        .setClientAuth(ClientAuth.REQUIRED);
  }
}
