package dev.chatnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The proxy's default policy: no way into the machine or the network it runs on. */
class AccessPolicyTest {

  private final AccessPolicy defaults = new AccessPolicy(ProxyConfig.from(new JsonObject()).deny());

  @Test
  void theDefaultDeniesMetadataLoopbackAndPrivateNetworks() throws Exception {
    for (String address : new String[] {"169.254.169.254", "127.0.0.1", "10.89.0.2", "172.20.1.1", "192.168.1.1",
        "100.100.100.200", "0.0.0.0", "::1", "fd00:ec2::254", "fe80::1"}) {
      assertThat(defaults.allows(InetAddress.getByName(address))).as(address).isFalse();
    }
  }

  @Test
  void theDefaultAllowsPublicAddresses() throws Exception {
    for (String address : new String[] {"93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"}) {
      assertThat(defaults.allows(InetAddress.getByName(address))).as(address).isTrue();
    }
  }

  @Test
  void aNarrowerListOpensLocalServersOnPurpose() throws Exception {
    AccessPolicy narrow = new AccessPolicy(ProxyConfig.from(new JsonObject().put("proxy-deny", "169.254.0.0/16")).deny());
    assertThat(narrow.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(narrow.allows(InetAddress.getByName("169.254.169.254"))).isFalse();
  }
}
