package dev.chatnet.bench;

import dev.chatnet.protocol.wire.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private final String runId;
  private final Pattern text;
  private final Map<Long, Fate> fates = new ConcurrentHashMap<>();
  private final Map<Long, Integer> drained = new ConcurrentHashMap<>();
  private final AtomicInteger unknown = new AtomicInteger();
  private final List<String> unknownSamples = new ArrayList<>();

  public Ledger(String runId) {
    this.runId = runId;
    this.text = Pattern.compile("\\bdm " + Pattern.quote(runId) + " (\\d{1,9}):(\\d{1,9})\\b");
  }

  /** The text of {@code sender}'s message number {@code seq}. */
  public String text(int sender, int seq) {
    return "dm " + runId + " " + sender + ":" + seq;
  }

  public void attempt(int sender, int seq) {
    fates.put(key(sender, seq), Fate.PENDING);
  }

  public void settle(int sender, int seq, Fate fate) {
    fates.put(key(sender, seq), fate);
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
      Matcher m = text.matcher(line);
      if (m.find()) {
        drained.merge(key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), 1, Integer::sum);
      } else {
        unknown(line);
      }
    }
    return messages;
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
    for (Map.Entry<Long, Fate> entry : fates.entrySet()) {
      if (entry.getValue() == Fate.SENT) {
        sent++;
        int times = drained.getOrDefault(entry.getKey(), 0);
        once += times == 1 ? 1 : 0;
        missing += times == 0 ? 1 : 0;
      }
    }
    int unknownKeys = 0;
    int refused = 0;
    int unclear = 0;
    for (Map.Entry<Long, Integer> entry : drained.entrySet()) {
      Fate fate = fates.get(entry.getKey());
      duplicated += entry.getValue() > 1 ? 1 : 0;
      if (fate == null) {
        unknownKeys++;
      } else if (fate == Fate.REFUSED) {
        refused++;
      } else if (fate != Fate.SENT) {
        unclear++;
      }
    }
    return new Check(sent, once, missing, duplicated, unknown.get() + unknownKeys, refused, unclear);
  }

  private static long key(int sender, int seq) {
    return ((long) sender << 32) | seq;
  }
}
