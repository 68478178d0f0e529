package dev.chatnet.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.Deposits;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Membership;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MailboxVerticleTest {

  private static final JsonObject CONFIG = new JsonObject().put("message-max-length", 20).put("mailbox-capacity", 500);

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("n")))
        .compose(id -> vertx.deployVerticle(new MailboxVerticle(), new DeploymentOptions().setConfig(CONFIG)))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<User> register(Vertx vertx, String name) {
    return vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_REGISTER, JsonObject.mapFrom(new Registration(name, "n")))
        .map(reply -> reply.body().mapTo(User.class));
  }

  private static Future<Void> deposit(Vertx vertx, User from, long to, String text) {
    return depositAll(vertx, message(from, to, text)).compose(outcomes -> outcomes.get(0).stored()
        ? Future.succeededFuture()
        : Future.failedFuture(outcomes.get(0).exception()));
  }

  private static Future<List<DepositOutcome>> depositAll(Vertx vertx, Deposit... deposits) {
    return vertx.eventBus().<JsonObject>request(Addresses.MAILBOX_DEPOSIT, Deposits.of(deposits).toJson())
        .map(reply -> reply.body().getJsonArray("outcomes").stream()
            .map(o -> DepositOutcome.fromJson((JsonObject) o)).toList());
  }

  private static Deposit message(User from, long to, String text) {
    return new Deposit(to, new DirectMessage(UUID.randomUUID().toString(), from.id(), from.name(), text, System.currentTimeMillis()));
  }

  /** Drains as a gateway does: each drain acknowledges the one before, which the user saw. */
  private final java.util.Map<Long, String> acks = new java.util.concurrent.ConcurrentHashMap<>();

  private Future<List<DirectMessage>> drain(Vertx vertx, User owner) {
    JsonObject request = new JsonObject().put("owner", owner.id()).put("session", owner.session())
        .put("token", UUID.randomUUID().toString());
    if (acks.containsKey(owner.id())) {
      request.put("ack", acks.get(owner.id()));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.MAILBOX_DRAIN, request)
        .map(reply -> {
          acks.put(owner.id(), reply.body().getString("token"));
          return reply.body().getJsonArray("messages").stream()
              .map(m -> ((JsonObject) m).mapTo(DirectMessage.class)).toList();
        });
  }

  @Test
  void messagesAreKeptUntilReadThenTheMailboxIsEmpty(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Bob").compose(bob -> register(vertx, "Jose")
        .compose(jose -> deposit(vertx, nina, jose.id(), "Hello World!")
            .compose(v -> deposit(vertx, bob, jose.id(), "This is Bob."))
            .compose(v -> drain(vertx, jose))
            .compose(first -> drain(vertx, jose).map(second -> List.of(first, second))))))
        .onComplete(ctx.succeeding(drains -> ctx.verify(() -> {
          assertThat(drains.get(0)).extracting(DirectMessage::text).containsExactly("Hello World!", "This is Bob.");
          assertThat(drains.get(0)).extracting(DirectMessage::fromName).containsExactly("Nina", "Bob");
          assertThat(drains.get(1)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aDrainWhoseAnswerWasLostIsHandedOutAgainOnce(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "first")
        // A drain whose answer never reached Jose: the next one, not acknowledging it, gets it again.
        .compose(v -> drainWith(vertx, jose, "t1", null))
        .compose(lost -> deposit(vertx, nina, jose.id(), "second"))
        .compose(v -> drainWith(vertx, jose, "t2", null))
        .compose(again -> {
          ctx.verify(() -> assertThat(again).extracting(DirectMessage::text).containsExactly("first", "second"));
          // The same drain retried yields the same messages.
          return drainWith(vertx, jose, "t2", null);
        })
        .compose(retried -> {
          ctx.verify(() -> assertThat(retried).extracting(DirectMessage::text).containsExactly("first", "second"));
          return drainWith(vertx, jose, "t3", "t2");
        })))
        .onComplete(ctx.succeeding(acknowledged -> ctx.verify(() -> {
          assertThat(acknowledged).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aDrainThatFindsNothingNewKeepsTheLastOneToAcknowledge(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "first")
        .compose(v -> drainReply(vertx, jose, "t1", null))
        .compose(first -> {
          ctx.verify(() -> assertThat(first.getJsonArray("messages")).hasSize(1));
          ctx.verify(() -> assertThat(first.getString("token")).isEqualTo("t1"));
          return drainReply(vertx, jose, "t2", "t1");
        })
        .compose(empty -> {
          // Nothing new: t1 stays the drain to acknowledge, and acknowledging it again shows nothing again.
          ctx.verify(() -> assertThat(empty.getJsonArray("messages")).isEmpty());
          ctx.verify(() -> assertThat(empty.getString("token")).isEqualTo("t1"));
          return drainReply(vertx, jose, "t3", empty.getString("token"));
        })
        .compose(again -> {
          ctx.verify(() -> assertThat(again.getJsonArray("messages")).isEmpty());
          return deposit(vertx, nina, jose.id(), "second").compose(v -> drainWith(vertx, jose, "t4", again.getString("token")));
        })))
        .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
          assertThat(last).extracting(DirectMessage::text).containsExactly("second");
          ctx.completeNow();
        })));
  }

  private static Future<JsonObject> drainReply(Vertx vertx, User owner, String token, String ack) {
    JsonObject request = new JsonObject().put("owner", owner.id()).put("session", owner.session()).put("token", token);
    if (ack != null) {
      request.put("ack", ack);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.MAILBOX_DRAIN, request).map(reply -> reply.body());
  }

  private static Future<List<DirectMessage>> drainWith(Vertx vertx, User owner, String token, String ack) {
    return drainReply(vertx, owner, token, ack).map(reply -> reply.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).mapTo(DirectMessage.class)).toList());
  }

  @Test
  void depositsSentTogetherAreStoredInOrderAndARefusalRefusesOnlyItsOwn(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> register(vertx, "Bob").compose(bob ->
        depositAll(vertx,
            message(nina, jose.id(), "a"),
            message(nina, 50922, "nobody"),
            message(nina, jose.id(), " "),
            message(nina, bob.id(), "b"),
            message(nina, jose.id(), "c"),
            message(nina, jose.id(), "x".repeat(21)))
            .compose(outcomes -> {
              ctx.verify(() -> assertThat(outcomes).extracting(DepositOutcome::failure).containsExactly(
                  null, Failure.NOT_CONNECTED, Failure.INVALID_INPUT, null, null, Failure.INVALID_INPUT));
              ctx.verify(() -> assertThat(outcomes).extracting(DepositOutcome::reason).containsExactly(
                  null, "No user with id 50922 is connected.", "The message is empty.", null, null,
                  "The message is longer than 20 characters."));
              return drain(vertx, jose).compose(toJose -> drain(vertx, bob).map(toBob -> List.of(toJose, toBob)));
            }))))
        .onComplete(ctx.succeeding(drains -> ctx.verify(() -> {
          assertThat(drains.get(0)).extracting(DirectMessage::text).containsExactly("a", "c");
          assertThat(drains.get(1)).extracting(DirectMessage::text).containsExactly("b");
          ctx.completeNow();
        })));
  }

  @Test
  void aRequestOfManySendersFillingAMailboxStoresInOrderUntilFullAndRefusesTheRest(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Bob").compose(bob -> register(vertx, "Jose").compose(jose -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 497; i++) {
        int n = i;
        chain = chain.compose(v -> deposit(vertx, nina, jose.id(), "m" + n));
      }
      return chain.compose(v -> depositAll(vertx,
              message(nina, jose.id(), "n1"),
              message(bob, jose.id(), "b1"),
              message(bob, nina.id(), "to nina"),
              message(nina, jose.id(), "n2"),
              message(bob, jose.id(), "b2")))
          .compose(outcomes -> {
            ctx.verify(() -> assertThat(outcomes).extracting(DepositOutcome::failure)
                .containsExactly(null, null, null, null, Failure.MAILBOX_FULL));
            return drain(vertx, jose).compose(toJose -> drain(vertx, nina).map(toNina -> List.of(toJose, toNina)));
          });
    }))).onComplete(ctx.succeeding(drains -> ctx.verify(() -> {
      assertThat(drains.get(0)).hasSize(500);
      assertThat(drains.get(0).subList(497, 500)).extracting(DirectMessage::text).containsExactly("n1", "b1", "n2");
      assertThat(drains.get(1)).extracting(DirectMessage::text).containsExactly("to nina");
      ctx.completeNow();
    })));
  }

  @Test
  void aSingleDepositInTheEarlierShapeIsStillAnsweredAsBefore(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose ->
        vertx.eventBus().<JsonObject>request(Addresses.MAILBOX_DEPOSIT, message(nina, jose.id(), "single").toJson())
            .compose(stored -> {
              ctx.verify(() -> assertThat(stored.body()).isEqualTo(new JsonObject()));
              return vertx.eventBus().request(Addresses.MAILBOX_DEPOSIT, message(nina, 50922, "nobody").toJson());
            })
            .transform(refused -> {
              ctx.verify(() -> assertThat(Failure.of(refused.cause())).isEqualTo(Failure.NOT_CONNECTED));
              return drain(vertx, jose);
            })))
        .onComplete(ctx.succeeding(drained -> ctx.verify(() -> {
          assertThat(drained).extracting(DirectMessage::text).containsExactly("single");
          ctx.completeNow();
        })));
  }

  @Test
  void aDepositRetriedLandsOnceWhetherItsMessageWaitsOrWasJustDrained(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> {
      Deposit first = message(nina, jose.id(), "first");
      Deposit second = message(nina, jose.id(), "second");
      return depositAll(vertx, first, second, first)
          .compose(outcomes -> {
            ctx.verify(() -> assertThat(outcomes).allMatch(DepositOutcome::stored));
            return depositAll(vertx, second);
          })
          .compose(outcomes -> {
            ctx.verify(() -> assertThat(outcomes).allMatch(DepositOutcome::stored));
            return drain(vertx, jose);
          })
          .compose(drained -> {
            ctx.verify(() -> assertThat(drained).extracting(DirectMessage::text).containsExactly("first", "second"));
            // Retried after the drain that took it: still once.
            return depositAll(vertx, second).compose(outcomes -> {
              ctx.verify(() -> assertThat(outcomes).allMatch(DepositOutcome::stored));
              return drain(vertx, jose);
            });
          });
    }))
        .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
          assertThat(again).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aRequestOfNoDepositsOrTooManyIsRefusedWhole(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> {
      List<Deposit> tooMany = IntStream.rangeClosed(0, Deposits.MAX).mapToObj(i -> message(nina, nina.id(), "m" + i)).toList();
      JsonObject none = new JsonObject().put("deposits", new io.vertx.core.json.JsonArray());
      return vertx.eventBus().request(Addresses.MAILBOX_DEPOSIT, none)
          .transform(empty -> {
            ctx.verify(() -> assertThat(Failure.of(empty.cause())).isEqualTo(Failure.INVALID_INPUT));
            return depositAll(vertx, tooMany.toArray(Deposit[]::new));
          })
          .transform(over -> {
            ctx.verify(() -> assertThat(Failure.of(over.cause())).isEqualTo(Failure.INVALID_INPUT));
            return drain(vertx, nina);
          });
    })
        .onComplete(ctx.succeeding(drained -> ctx.verify(() -> {
          assertThat(drained).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void onlyConnectedRecipientsGetMessages(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> deposit(vertx, nina, 50922, "anyone?"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.NOT_CONNECTED);
          assertThat(err.getMessage()).isEqualTo("No user with id 50922 is connected.");
          ctx.completeNow();
        })));
  }

  @Test
  void emptyAndOverLongMessagesAreRefusedAndNothingIsStored(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> {
      Future<Void> empty = deposit(vertx, nina, jose.id(), "  ");
      Future<Void> tooLong = deposit(vertx, nina, jose.id(), "x".repeat(21));
      return Future.join(empty, tooLong).transform(all -> {
        ctx.verify(() -> {
          assertThat(Failure.of(empty.cause())).isEqualTo(Failure.INVALID_INPUT);
          assertThat(empty.cause().getMessage()).isEqualTo("The message is empty.");
          assertThat(Failure.of(tooLong.cause())).isEqualTo(Failure.INVALID_INPUT);
          assertThat(tooLong.cause().getMessage()).isEqualTo("The message is longer than 20 characters.");
        });
        return drain(vertx, jose);
      });
    })).onComplete(ctx.succeeding(messages -> ctx.verify(() -> {
      assertThat(messages).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void aFullMailboxRefusesMore(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 500; i++) {
        int n = i;
        chain = chain.compose(v -> deposit(vertx, nina, jose.id(), "m" + n));
      }
      return chain.compose(v -> deposit(vertx, nina, jose.id(), "one too many"));
    })).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(Failure.of(err)).isEqualTo(Failure.MAILBOX_FULL);
      ctx.completeNow();
    })));
  }

  @Test
  void aMailboxGoesWithItsOwner(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "bye?")
            .compose(v -> vertx.eventBus().request(Addresses.DIRECTORY_UNREGISTER,
                new JsonObject().put("id", jose.id()).put("session", jose.session())))
            // The mailbox is dropped on the departure event; a deposit now is refused.
            .compose(v -> deposit(vertx, nina, jose.id(), "too late"))))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.NOT_CONNECTED);
          ctx.completeNow();
        })));
  }

  /** Counts the requests to the directory's lookup from now on. */
  private static AtomicInteger countLookups(Vertx vertx) {
    AtomicInteger lookups = new AtomicInteger();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (Addresses.DIRECTORY_LOOKUP.equals(delivery.message().address())) {
        lookups.incrementAndGet();
      }
      delivery.next();
    });
    return lookups;
  }

  @Test
  void aKnownRecipientIsNotLookedUpAgain(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger lookups = countLookups(vertx);
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "m0")
        .compose(v -> {
          ctx.verify(() -> assertThat(lookups.get()).as("lookups for the first deposit").isEqualTo(1));
          Future<Void> chain = Future.succeededFuture();
          for (int i = 1; i < 5; i++) {
            String text = "m" + i;
            chain = chain.compose(w -> deposit(vertx, nina, jose.id(), text));
          }
          return chain;
        })
        .compose(v -> drain(vertx, jose))))
        .onComplete(ctx.succeeding(messages -> ctx.verify(() -> {
          assertThat(lookups.get()).as("lookups for five deposits").isEqualTo(1);
          assertThat(messages).extracting(DirectMessage::text).containsExactly("m0", "m1", "m2", "m3", "m4");
          ctx.completeNow();
        })));
  }

  @Test
  void aRememberedRecipientWhoseMailboxIsAnotherSessionsIsLookedUpAgainNotTrusted(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger lookups = countLookups(vertx);
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "m0")
        // A mailbox of another session under Jose's id, which the cached session cannot tell is older.
        .compose(v -> dev.chatnet.state.Store.<dev.chatnet.state.mailbox.Mailbox>of(vertx, Mailboxes.MAP)
            .apply(String.valueOf(jose.id()), new dev.chatnet.state.mailbox.DepositMessages("another", true, 10,
                List.of(new DirectMessage("x", 1, "X", "another session's", 0)))))
        .compose(v -> deposit(vertx, nina, jose.id(), "m1"))
        .compose(v -> {
          ctx.verify(() -> assertThat(lookups.get()).as("the directory was asked which session is current").isEqualTo(2));
          return deposit(vertx, nina, jose.id(), "m2");
        })
        .compose(v -> drain(vertx, jose))))
        .onComplete(ctx.succeeding(messages -> ctx.verify(() -> {
          assertThat(lookups.get()).as("then remembered again").isEqualTo(2);
          assertThat(messages).extracting(DirectMessage::text).containsExactly("m1", "m2");
          ctx.completeNow();
        })));
  }

  @Test
  void aRefusalIsNotRemembered(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger lookups = countLookups(vertx);
    register(vertx, "Nina").compose(nina -> deposit(vertx, nina, 50922, "anyone?")
            .recover(err -> deposit(vertx, nina, 50922, "anyone now?")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.NOT_CONNECTED);
          assertThat(lookups.get()).as("each refused deposit asked the directory").isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void aKnownRecipientWhoLeftIsRefusedAtOnceAndTheirNextSessionGetsMessages(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> register(vertx, "Jose").compose(jose -> deposit(vertx, nina, jose.id(), "known now")
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_UNREGISTER,
            new JsonObject().put("id", jose.id()).put("session", jose.session())))
        // The directory published the departure before it answered, so the departure is queued on
        // the mailbox's event loop ahead of this deposit: no retry needed.
        .compose(removed -> deposit(vertx, nina, jose.id(), "too late").transform(refused -> {
          ctx.verify(() -> {
            assertThat(removed.body().getBoolean("removed")).isTrue();
            assertThat(refused.failed()).as("deposit after leaving refused").isTrue();
            assertThat(Failure.of(refused.cause())).isEqualTo(Failure.NOT_CONNECTED);
            assertThat(refused.cause().getMessage()).isEqualTo("No user with id " + jose.id() + " is connected.");
          });
          return register(vertx, "Jose");
        }))
        .compose(back -> {
          ctx.verify(() -> assertThat(back.session()).isNotEqualTo(jose.session()));
          return deposit(vertx, nina, back.id(), "welcome back").compose(v -> drain(vertx, back));
        })))
        .onComplete(ctx.succeeding(messages -> ctx.verify(() -> {
          assertThat(messages).extracting(DirectMessage::text).containsExactly("welcome back");
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentSendersAndDrainsLoseNothingAndDuplicateNothing(Vertx vertx, VertxTestContext ctx) {
    int senders = 20;
    int perSender = 20;
    List<DirectMessage> received = new ArrayList<>();
    register(vertx, "Jose").compose(jose -> Future.all(IntStream.range(0, senders)
            .mapToObj(s -> register(vertx, "sender" + s)).toList())
        .compose(all -> {
          List<User> users = all.list();
          List<Future<Void>> deposits = new ArrayList<>();
          for (int i = 0; i < perSender; i++) {
            for (User sender : users) {
              deposits.add(deposit(vertx, sender, jose.id(), sender.name() + "#" + i));
            }
          }
          // One session drains one request at a time, racing the deposits.
          Future<Void> drains = Future.succeededFuture();
          for (int i = 0; i < perSender; i++) {
            drains = drains.compose(v -> drain(vertx, jose).map(taken -> {
              received.addAll(taken);
              return null;
            }));
          }
          Future<Void> drained = drains;
          return Future.all(deposits).compose(v -> drained).compose(v -> drain(vertx, jose));
        }))
        .onComplete(ctx.succeeding(rest -> ctx.verify(() -> {
          received.addAll(rest);
          assertThat(received).hasSize(senders * perSender);
          assertThat(received).extracting(DirectMessage::text).doesNotHaveDuplicates();
          ctx.completeNow();
        })));
  }
}
