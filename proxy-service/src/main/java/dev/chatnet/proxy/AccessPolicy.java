package dev.chatnet.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The destinations nobody may reach through the proxy (the cloud metadata range, the machine
 * itself, private networks), as CIDR blocks. Checked on the resolved address the proxy then
 * connects to, so a name cannot dodge it. An IPv6 address that carries an IPv4 address (mapped,
 * compatible, translated, NAT64, 6to4, Teredo) is denied when the IPv4 address it leads to is:
 * {@code [::]}, {@code [::ffff:127.0.0.1]} and {@code [64:ff9b::a00:1]} reach what their IPv4
 * forms reach.
 */
final class AccessPolicy {

  private record Block(byte[] network, int prefix) {

    boolean contains(byte[] address) {
      if (network.length != address.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (network[i] != address[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (network[whole] & mask) == (address[whole] & mask);
    }
  }

  private final List<Block> denied;

  AccessPolicy(List<String> cidrs) {
    this.denied = cidrs.stream().map(AccessPolicy::parse).toList();
  }

  boolean allows(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (deniedOutright(bytes)) {
      return false;
    }
    for (byte[] ipv4 : embeddedIpv4(bytes)) {
      if (deniedOutright(ipv4)) {
        return false;
      }
    }
    return true;
  }

  private boolean deniedOutright(byte[] address) {
    for (Block block : denied) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The IPv4 addresses an IPv6 address leads to, by the standard embeddings; none for IPv4. */
  static List<byte[]> embeddedIpv4(byte[] a) {
    if (a.length != 16) {
      return List.of();
    }
    if (zero(a, 0, 10) && ((a[10] == 0 && a[11] == 0) || (a[10] == (byte) 0xff && a[11] == (byte) 0xff))) {
      // ::a.b.c.d (compatible, which holds :: and ::1) and ::ffff:a.b.c.d (mapped).
      return List.of(slice(a, 12));
    }
    if (zero(a, 0, 8) && a[8] == (byte) 0xff && a[9] == (byte) 0xff && a[10] == 0 && a[11] == 0) {
      // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765).
      return List.of(slice(a, 12));
    }
    if (a[0] == 0 && a[1] == 0x64 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b
        && (zero(a, 4, 12) || (a[4] == 0 && a[5] == 1))) {
      // 64:ff9b::/96 (NAT64, RFC 6052) and 64:ff9b:1::/48 (local NAT64, RFC 8215).
      return List.of(slice(a, 12));
    }
    if (a[0] == 0x20 && a[1] == 0x02) {
      // 2002:aabb:ccdd::/48 (6to4).
      return List.of(slice(a, 2));
    }
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
      // 2001:0::/32 (Teredo): the server in clear, the client inverted.
      byte[] client = slice(a, 12);
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i];
      }
      return List.of(slice(a, 4), client);
    }
    return List.of();
  }

  private static boolean zero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] a, int from) {
    byte[] ipv4 = new byte[4];
    System.arraycopy(a, from, ipv4, 0, 4);
    return ipv4;
  }

  private static Block parse(String cidr) {
    String[] parts = cidr.trim().split("/");
    try {
      // A literal address: no lookup happens. Java reads ::ffff:a.b.c.d as the IPv4 address itself.
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      int width = parts[0].contains(":") && network.length == 4 ? 128 : network.length * 8;
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : width;
      if (prefix < 0 || prefix > width || (width == 128 && network.length == 4 && prefix < 96)) {
        throw new IllegalArgumentException("Bad prefix in proxy-deny entry '" + cidr + "'");
      }
      return new Block(network, prefix - (width - network.length * 8));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("Bad proxy-deny entry '" + cidr + "': it is not an address or CIDR block");
    }
  }
}
