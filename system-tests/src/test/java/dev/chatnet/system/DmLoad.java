package dev.chatnet.system;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.runtime.testing.WireClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Direct-message traffic for fault tests: senders deposit numbered messages to one recipient
 * while it drains its mailbox, and every message is accounted for: confirmed ("Message sent!"),
 * refused (an error line), and drained.
 */
final class DmLoad implements AutoCloseable {

  private static final Pattern LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}: (.*) \\(from: .*\\)$");

  private final WireClient recipient;
  private final List<WireClient> senders = new ArrayList<>();
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final List<String> drained = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  /** Notified at each confirmed message. */
  private final Object progress = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private final String tag;

  DmLoad(String tag, int port, int senderCount) throws Exception {
    this.tag = tag;
    recipient = WireClient.login(port, tag + "-sink");
    for (int i = 0; i < senderCount; i++) {
      senders.add(WireClient.login(port, tag + "-s" + i));
    }
  }

  void start() {
    for (WireClient sender : senders) {
      threads.add(started(() -> send(sender)));
    }
    threads.add(started(this::drainLoop));
  }

  private static Thread started(Runnable body) {
    Thread thread = new Thread(body, "dm-load");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void send(WireClient sender) {
    for (int i = 0; running.get(); i++) {
      String text = sender.name() + "#" + i;
      try {
        long id = sender.act("2", Map.of("message", text, "recipient", String.valueOf(recipient.clientId())));
        Frame answer = sender.next();
        if (!(answer instanceof Frame.Error error && error.id() == null)) {
          sender.expect(Frame.Menu.class); // A frame error (no id) has no menu after it.
        }
        if (answer instanceof Frame.Result result && result.id() == id && result.lines().equals(List.of("Message sent!"))) {
          confirmed.add(text);
          synchronized (progress) {
            progress.notifyAll();
          }
        } else {
          refused.add(text);
        }
      } catch (Exception | AssertionError e) {
        refused.add(text);
        return;
      }
    }
  }

  private void drainLoop() {
    while (running.get()) {
      drainOnce();
    }
  }

  /** One "Get my messages", read up to the menu that follows whatever the answer was. */
  private synchronized void drainOnce() {
    try {
      long id = recipient.act("3", Map.of());
      Frame frame;
      while (!((frame = recipient.next()) instanceof Frame.Menu)) {
        // A refused drain (a mailbox node just died) takes nothing out for good: the next one gets it.
        if (frame instanceof Frame.Result result && result.id() == id) {
          for (String line : result.lines()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
              drained.add(m.group(1));
            }
          }
        }
      }
    } catch (Exception | AssertionError e) {
      throw new IllegalStateException("the recipient's connection broke", e);
    }
  }

  int confirmedCount() {
    return confirmed.size();
  }

  /** Waits until {@code count} more messages than now are confirmed. */
  void awaitMore(int count) throws InterruptedException {
    int target = confirmed.size() + count;
    long deadline = System.currentTimeMillis() + ProcessCluster.WAIT_MILLIS;
    synchronized (progress) {
      long left;
      while (confirmed.size() < target && (left = deadline - System.currentTimeMillis()) > 0) {
        progress.wait(left);
      }
    }
    if (confirmed.size() < target) {
      throw new AssertionError(tag + ": only " + confirmed.size() + " of " + target + " messages confirmed");
    }
  }

  /** Stops sending, drains what is left, and yields the account. */
  Account stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    drainOnce();
    return new Account(Set.copyOf(confirmed), Set.copyOf(refused), List.copyOf(drained));
  }

  record Account(Set<String> confirmed, Set<String> refused, List<String> drained) {

    /** Confirmed messages not drained. */
    Set<String> lost() {
      Set<String> lost = new HashSet<>(confirmed);
      drained.forEach(lost::remove);
      return lost;
    }

    /** Messages drained more than once. */
    List<String> duplicated() {
      Set<String> seen = new HashSet<>();
      return drained.stream().filter(d -> !seen.add(d)).toList();
    }

    /** Drained messages nobody sent, or sent and refused but then stored anyway (allowed once). */
    List<String> unknown() {
      return drained.stream().filter(d -> !confirmed.contains(d) && !refused.contains(d)).toList();
    }
  }

  @Override
  public void close() throws Exception {
    running.set(false);
    recipient.close();
    for (WireClient sender : senders) {
      sender.close();
    }
  }
}
