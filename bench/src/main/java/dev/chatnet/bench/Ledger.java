package dev.chatnet.bench;

import dev.chatnet.protocol.wire.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The exactly-once check of the dm scenario: every message text is unique (run, sender,
 * sequence), so each drained line can be matched to the deposit it came from.
 */
public final class Ledger {

  /** How a deposit ended. */
  public enum Fate {
    /** Sent, no answer yet (or the connection was lost before one came). */
    PENDING,
    /** "Message sent!": it must be drained exactly once. */
    SENT,
    /** An error saying nothing was stored: it must never be drained. */
    REFUSED,
    /** An error that cannot say whether it was stored (a service timed out): at most once. */
    UNCLEAR
  }

  /** The outcome of the check. */
  public record Check(int sent, int drainedOnce, int missing, int duplicated, int unknown,
                      int drainedThoughRefused, int drainedUnclear) {

    public boolean passed() {
      return missing == 0 && duplicated == 0 && unknown == 0 && drainedThoughRefused == 0;
    }
  }

  private static final int UNKNOWN_SAMPLES = 5;
  /** The most messages one ledger keeps track of: four bytes each. */
  public static final int MAX_MESSAGES = 16_000_000;
  private static final Fate[] FATES = Fate.values();
  /** Low bits of an entry: its fate's ordinal + 1 (0: never attempted); the rest: times drained. */
  private static final int FATE_BITS = 3;
  private static final int FATE_MASK = (1 << FATE_BITS) - 1;

  /** What a message text starts with: "dm <run> ". */
  private final String prefix;
  private final int senders;
  private final int messages;
  /** One entry per message, sender-major; updated from the senders' and the recipients' loops. */
  private final AtomicIntegerArray entries;
  private final AtomicInteger unknown = new AtomicInteger();
  private final List<String> unknownSamples = new ArrayList<>();

  /** For {@code senders} senders of {@code messages} messages each; at most {@link #MAX_MESSAGES} in all. */
  public Ledger(String runId, int senders, int messages) {
    if ((long) senders * messages > MAX_MESSAGES) {
      throw new IllegalArgumentException("a ledger keeps at most " + MAX_MESSAGES + " messages");
    }
    this.prefix = "dm " + runId + " ";
    this.senders = senders;
    this.messages = messages;
    this.entries = new AtomicIntegerArray(senders * messages);
  }

  /** The text of {@code sender}'s message number {@code seq}. */
  public String text(int sender, int seq) {
    return prefix + sender + ":" + seq;
  }

  public void attempt(int sender, int seq) {
    settle(sender, seq, Fate.PENDING);
  }

  public void settle(int sender, int seq, Fate fate) {
    int code = fate.ordinal() + 1;
    entries.updateAndGet(index(sender, seq), entry -> (entry & ~FATE_MASK) | code);
  }

  /** What a deposit's error says about whether the message was stored. */
  public static Fate fateOf(Reply reply) {
    return ErrorCodes.UNAVAILABLE.equals(reply.code()) || ErrorCodes.INTERNAL.equals(reply.code()) ? Fate.UNCLEAR : Fate.REFUSED;
  }

  /** Counts the messages of one drain's result lines; yields how many there were. */
  public int drained(List<String> lines) {
    int messages = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && (line.equals("My messages:") || line.equals("You have no new messages."))) {
        continue;
      }
      messages++;
      int index = indexIn(line);
      if (index >= 0) {
        entries.getAndAdd(index, 1 << FATE_BITS);
      } else {
        unknown(line);
      }
    }
    return messages;
  }

  /** The entry of the message a drained line shows ("...: dm <run> <sender>:<seq> (from: ...)"), or -1. */
  private int indexIn(String line) {
    int at = line.indexOf(prefix);
    if (at < 0) {
      return -1;
    }
    int colon = line.indexOf(':', at + prefix.length());
    int end = colon + 1;
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    try {
      int sender = Integer.parseInt(line, at + prefix.length(), colon, 10);
      int seq = Integer.parseInt(line, colon + 1, end, 10);
      return sender < senders && seq < messages ? index(sender, seq) : -1;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return -1;
    }
  }

  private void unknown(String line) {
    unknown.incrementAndGet();
    synchronized (unknownSamples) {
      if (unknownSamples.size() < UNKNOWN_SAMPLES) {
        unknownSamples.add(line);
      }
    }
  }

  /** A few of the drained lines that matched no message of this run. */
  public List<String> unknownSamples() {
    synchronized (unknownSamples) {
      return List.copyOf(unknownSamples);
    }
  }

  /** Call once every deposit and drain is over. */
  public Check check() {
    int sent = 0;
    int once = 0;
    int missing = 0;
    int duplicated = 0;
    int unknownKeys = 0;
    int refused = 0;
    int unclear = 0;
    for (int i = 0; i < entries.length(); i++) {
      int entry = entries.get(i);
      int times = entry >>> FATE_BITS;
      Fate fate = (entry & FATE_MASK) == 0 ? null : FATES[(entry & FATE_MASK) - 1];
      if (fate == Fate.SENT) {
        sent++;
        once += times == 1 ? 1 : 0;
        missing += times == 0 ? 1 : 0;
      }
      if (times > 0) {
        duplicated += times > 1 ? 1 : 0;
        if (fate == null) {
          unknownKeys++;
        } else if (fate == Fate.REFUSED) {
          refused++;
        } else if (fate != Fate.SENT) {
          unclear++;
        }
      }
    }
    return new Check(sent, once, missing, duplicated, unknown.get() + unknownKeys, refused, unclear);
  }

  private int index(int sender, int seq) {
    return sender * messages + seq;
  }
}
