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

  @Test
  void everyIpv6FormOfADeniedIpv4AddressIsDenied() throws Exception {
    for (String address : new String[] {"::", "::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:127.0.0.1",
        "::ffff:169.254.169.254", "::ffff:10.1.2.3", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::c0a8:101",
        "2002:7f00:1::1", "2002:a00:1::", "2001:0:4136:e378:8000:63bf:80ff:fffe"}) {
      assertThat(defaults.allows(InetAddress.getByName(address))).as(address).isFalse();
    }
  }

  @Test
  void ipv6FormsOfPublicAddressesAreAllowed() throws Exception {
    for (String address : new String[] {"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"}) {
      assertThat(defaults.allows(InetAddress.getByName(address))).as(address).isTrue();
    }
  }

  @Test
  void aMappedBlockInTheListDeniesItsIpv4Addresses() throws Exception {
    AccessPolicy mapped = new AccessPolicy(java.util.List.of("::ffff:10.0.0.0/104"));
    assertThat(mapped.allows(InetAddress.getByName("10.9.8.7"))).isFalse();
    assertThat(mapped.allows(InetAddress.getByName("11.0.0.1"))).isTrue();
  }

  @Test
  void aNarrowListStillDeniesTheMappedFormsOfWhatItNames() throws Exception {
    AccessPolicy narrow = new AccessPolicy(java.util.List.of("127.0.0.2/32"));
    assertThat(narrow.allows(InetAddress.getByName("::ffff:127.0.0.2"))).isFalse();
    assertThat(narrow.allows(InetAddress.getByName("::127.0.0.2"))).isFalse();
    assertThat(narrow.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
  }
}
