package dev.chatnet.proxy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The destinations nobody may reach through the proxy (the cloud metadata range and the
 * like), as CIDR blocks. Checked on the resolved address, so a name cannot dodge it.
 */
final class AccessPolicy {

  private record Block(byte[] network, int prefix) {
  }

  private final List<Block> denied;

  AccessPolicy(List<String> cidrs) {
    this.denied = cidrs.stream().map(AccessPolicy::parse).toList();
  }

  boolean allows(InetAddress address) {
    byte[] bytes = address.getAddress();
    return denied.stream().noneMatch(block -> contains(block, bytes));
  }

  private static boolean contains(Block block, byte[] address) {
    if (block.network.length != address.length) {
      return false;
    }
    int bits = block.network.length * 8;
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - block.prefix).subtract(BigInteger.ONE));
    return new BigInteger(1, block.network).and(mask).equals(new BigInteger(1, address).and(mask));
  }

  private static Block parse(String cidr) {
    String[] parts = cidr.trim().split("/");
    try {
      // A literal address: no lookup happens.
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("Bad prefix in proxy-deny entry '" + cidr + "'");
      }
      return new Block(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("Bad proxy-deny entry '" + cidr + "': " + e.getMessage());
    }
  }
}
