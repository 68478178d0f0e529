package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.Deposits;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.bus.UserText;
import dev.chatnet.runtime.Metrics;
import dev.chatnet.runtime.Replies;
import dev.chatnet.state.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox-service: direct messages kept until their recipient reads them. A deposit is
 * accepted only for a connected recipient and answered only once stored; a mailbox goes when
 * its owner leaves.
 *
 * <p>Recipients are remembered in a {@link RecipientCache}: asking the directory twice per
 * deposit, a bus round trip each, was most of a deposit's cost. The directory announces every
 * departure on {@link Addresses#DIRECTORY_LEFT}, and hearing one forgets the user, so a cached
 * recipient is one whose departure has not reached this verticle yet; a deposit accepted in
 * that gap loses its mailbox when the departure arrives, as one accepted just before the
 * departure always did. A departure never heard is forgotten after
 * {@code recipient-cache-ttl}.
 */
public class MailboxVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MailboxVerticle.class);

  public static JsonObject defaults() {
    return new JsonObject()
        .put("message-max-length", 4096)
        .put("mailbox-capacity", 1000)
        .put("request-timeout", 5000L)
        .put("recipient-cache-size", 100_000)
        .put("recipient-cache-ttl", 10_000L);
  }

  private Mailboxes mailboxes;
  private RecipientCache recipients;
  private int maxLength;
  private DeliveryOptions lookupOptions;
  private MeterRegistry meters;
  private Counter deposited;
  private Counter drained;

  @Override
  public Future<?> start() {
    JsonObject config = defaults().mergeIn(config());
    maxLength = config.getInteger("message-max-length");
    lookupOptions = new DeliveryOptions().setSendTimeout(config.getLong("request-timeout"));
    // Monotonic: a wall clock set back would keep entries past their ttl.
    recipients = new RecipientCache(config.getInteger("recipient-cache-size"), config.getLong("recipient-cache-ttl"),
        () -> System.nanoTime() / 1_000_000);
    mailboxes = new Mailboxes(Store.of(vertx, Mailboxes.MAP), config.getInteger("mailbox-capacity"));
    meters = Metrics.of(vertx);
    deposited = Counter.builder("chatnet.direct.messages.deposited").description("Direct messages stored in a mailbox")
        .register(meters);
    drained = Counter.builder("chatnet.direct.messages.drained")
        .description("Direct messages handed to their recipient by a drain (again, when a drain is retried)")
        .register(meters);
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.<JsonObject>consumer(Addresses.MAILBOX_DEPOSIT, this::onDeposit).completion(),
        bus.<JsonObject>consumer(Addresses.MAILBOX_DRAIN, this::onDrain).completion(),
        bus.<JsonObject>consumer(Addresses.DIRECTORY_LEFT, this::onUserLeft).completion()));
  }

  /**
   * Stores a request's deposits: those for one recipient together, in their order, as one
   * operation on that mailbox, and those for different recipients at the same time (a request
   * may hold the deposits of many senders, gathered by a gateway). The recipients not
   * remembered are asked for all at once first. A body with a single {@link Deposit} (the
   * request before batches) is answered as it was.
   */
  private void onDeposit(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      if (!request.body().containsKey("deposits")) {
        return depositAll(List.of(Deposit.fromJson(request.body()))).compose(outcomes -> outcomes[0].stored()
            ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(outcomes[0].exception()));
      }
      return depositAll(Deposits.fromJson(request.body()).deposits()).map(outcomes -> {
        JsonArray answers = new JsonArray(new ArrayList<>(outcomes.length));
        for (DepositOutcome outcome : outcomes) {
          answers.add(outcome.toJson());
        }
        return new JsonObject().put("outcomes", answers);
      });
    });
  }

  /** One outcome per deposit, in the request's order. */
  private Future<DepositOutcome[]> depositAll(List<Deposit> deposits) {
    DepositOutcome[] outcomes = new DepositOutcome[deposits.size()];
    Map<Long, List<Integer>> byRecipient = new LinkedHashMap<>();
    for (int i = 0; i < deposits.size(); i++) {
      Optional<Throwable> invalid = problem(deposits.get(i).message());
      if (invalid.isPresent()) {
        outcomes[i] = outcomeOf(invalid.get());
      } else {
        byRecipient.computeIfAbsent(deposits.get(i).to(), to -> new ArrayList<>(2)).add(i);
      }
    }
    Map<Long, Future<User>> lookups = lookupsFor(byRecipient.keySet());
    List<Future<Void>> stored = new ArrayList<>(byRecipient.size());
    byRecipient.forEach((to, indexes) -> {
      List<DirectMessage> messages = new ArrayList<>(indexes.size());
      indexes.forEach(i -> messages.add(deposits.get(i).message()));
      stored.add(deposit(to, messages, lookups).transform(result -> {
        for (int k = 0; k < indexes.size(); k++) {
          Throwable refusal = result.succeeded() ? result.result().get(k) : result.cause();
          outcomes[indexes.get(k)] = refusal == null ? DepositOutcome.STORED : outcomeOf(refusal);
        }
        return Future.succeededFuture();
      }));
    });
    return Future.join(stored).map(all -> {
      count(outcomes);
      return outcomes;
    });
  }

  private void count(DepositOutcome[] outcomes) {
    int stored = 0;
    for (DepositOutcome outcome : outcomes) {
      if (outcome.stored()) {
        stored++;
      } else {
        Counter.builder("chatnet.direct.messages.refused").description("Direct messages not stored, by reason")
            .tag("reason", outcome.failure().name().toLowerCase(java.util.Locale.ROOT)).register(meters).increment();
      }
    }
    deposited.increment(stored);
  }

  /** A lookup begun now for each recipient not remembered. */
  private Map<Long, Future<User>> lookupsFor(Iterable<Long> ids) {
    Map<Long, Future<User>> lookups = new HashMap<>();
    for (long to : ids) {
      if (recipients.get(to) == null) {
        lookups.computeIfAbsent(to, this::lookup);
      }
    }
    return lookups;
  }

  private DepositOutcome outcomeOf(Throwable refusal) {
    if (refusal instanceof ReplyException replyException) {
      return DepositOutcome.refused(replyException);
    }
    log.warn("A deposit failed: {}", refusal.toString());
    return new DepositOutcome(Failure.INTERNAL, "internal error: " + refusal.getMessage());
  }

  /** Why a message cannot be stored, if it cannot. */
  private Optional<Throwable> problem(DirectMessage message) {
    if (message == null || message.messageId() == null || message.messageId().isBlank()) {
      return Optional.of(Failure.INVALID_INPUT.exception("The deposit holds no message with an id."));
    }
    String text = message.text();
    if (text == null || text.isBlank()) {
      return Optional.of(Failure.INVALID_INPUT.exception("The message is empty."));
    }
    if (text.length() > maxLength) {
      return Optional.of(Failure.INVALID_INPUT.exception("The message is longer than " + maxLength + " characters."));
    }
    return UserText.problem(text, "message").map(unsafe -> Failure.INVALID_INPUT.exception(unsafe + "."));
  }

  /**
   * Stores messages for one recipient, in order; {@code lookups} holds the directory's answers
   * for recipients not remembered. Yields a refusal or null for each message.
   */
  private Future<List<Throwable>> deposit(long to, List<DirectMessage> messages, Map<Long, Future<User>> lookups) {
    Future<User> looked = lookups.get(to);
    if (looked != null) {
      return looked.compose(user -> store(to, user, messages, true));
    }
    User cached = recipients.get(to);
    if (cached == null) {
      // Remembered when the batch came in, forgotten since.
      return lookup(to).compose(user -> store(to, user, messages, true));
    }
    // A remembered session may be older than the mailbox there: ask the directory which is current.
    return store(to, cached, messages, false).recover(err -> {
      if (!(err instanceof Mailboxes.OtherSession)) {
        return Future.failedFuture(err);
      }
      recipients.left(to);
      return lookup(to).compose(user -> store(to, user, messages, true));
    });
  }

  /** Stores the messages for {@code user}; a mailbox of another session is replaced only if {@code current}. */
  private Future<List<Throwable>> store(long to, User user, List<DirectMessage> messages, boolean current) {
    return mailboxes.deposit(to, user.session(), messages, current)
        // The recipient may have left while the messages were stored: still cached means no
        // departure was heard meanwhile.
        .compose(refusals -> recipients.holds(user) ? Future.succeededFuture(refusals) : confirm(to, user).map(refusals));
  }

  /** Asks the directory whether {@code user} is still there; if not, takes the messages back out. */
  private Future<Void> confirm(long to, User user) {
    return lookup(to).transform(again -> {
      boolean gone = again.succeeded()
          ? !again.result().session().equals(user.session())
          : Failure.of(again.cause()) == Failure.NOT_CONNECTED;
      if (!gone) {
        // Still there, or the directory could not say: the message stays stored.
        return Future.succeededFuture();
      }
      return mailboxes.drop(to, user.session()).transform(v -> Future.failedFuture(notConnected(to)));
    });
  }

  /** Asks the directory, and caches a user it names. */
  private Future<User> lookup(long id) {
    long ticket = recipients.ticket();
    return vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_LOOKUP, new JsonObject().put("id", id), lookupOptions)
        .map(reply -> {
          User user = User.fromJson(reply.body());
          recipients.put(user, ticket);
          return user;
        })
        .recover(err -> {
          Failure failure = Failure.of(err);
          return Future.failedFuture(failure == Failure.NOT_FOUND
              ? notConnected(id)
              : failure.exception("The directory did not answer: " + err.getMessage()));
        });
  }

  private static Throwable notConnected(long id) {
    return Failure.NOT_CONNECTED.exception("No user with id " + id + " is connected.");
  }

  private void onDrain(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      JsonObject body = request.body();
      String token = body.getString("token", java.util.UUID.randomUUID().toString());
      return mailboxes.drain(body.getLong("owner"), body.getString("session"), token, body.getString("ack"))
          .map(drained -> {
            this.drained.increment(drained.messages().size());
            return drained;
          })
          .map(drained -> new JsonObject()
              .put("token", drained.token())
              .put("messages", new JsonArray(drained.messages().stream().map(DirectMessage::toJson).toList())));
    });
  }

  private void onUserLeft(Message<JsonObject> event) {
    User user = User.fromJson(event.body());
    recipients.left(user.id());
    mailboxes.drop(user.id(), user.session())
        .onFailure(err -> log.atWarn().addKeyValue("client", user.id())
            .log("Could not drop the mailbox of {}: {}", user.id(), err.getMessage()));
  }
}
