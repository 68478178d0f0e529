package dev.chatnet.gateway;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids that make a retried request recognisable: a line said, a message sent, a drain. They
 * need to be unique, not secret (the gateway makes them; no client sees or sends one), so they
 * come from the thread's generator instead of {@link UUID#randomUUID}, whose secure source
 * costs a lock and a read of the kernel's pool per line. The process's own random salt keeps
 * two gateways whose threads were seeded alike apart.
 */
final class RequestIds {

  private static final long SALT = new SecureRandom().nextLong();

  private RequestIds() {
  }

  /** A version-4 UUID's text. */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() ^ SALT) & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }
}
