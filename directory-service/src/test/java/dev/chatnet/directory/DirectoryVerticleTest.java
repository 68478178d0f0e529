package dev.chatnet.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Membership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DirectoryVerticleTest {

  private static final String NODE = "node-1";

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new DirectoryVerticle(Membership.local(NODE))).onComplete(ctx.succeedingThenComplete());
  }

  private static Future<User> register(Vertx vertx, String name) {
    return vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_REGISTER, JsonObject.mapFrom(new Registration(name, NODE)))
        .map(reply -> reply.body().mapTo(User.class));
  }

  @Test
  void registeredUsersGetDistinctIdsAndAreListedInJoinOrder(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Jose")
        .compose(jose -> register(vertx, "Nina").compose(nina -> register(vertx, "Alice")
            .compose(alice -> vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_LIST, new JsonObject())
                .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
                  List<User> users = reply.body().getJsonArray("users").stream()
                      .map(u -> ((JsonObject) u).mapTo(User.class)).toList();
                  assertThat(users).extracting(User::name).containsExactly("Jose", "Nina", "Alice");
                  assertThat(users).extracting(User::id).doesNotHaveDuplicates().allMatch(id -> id > 0);
                  assertThat(users).allMatch(u -> u.node().equals(NODE));
                  ctx.completeNow();
                }))))));
  }

  @Test
  void aNameThatPassesForOneOnlineIsRefusedAndFreeOnceItsUserLeaves(Vertx vertx) throws Exception {
    User ctrl = register(vertx, "Ctrl").await(10, TimeUnit.SECONDS);
    register(vertx, "Code").await(10, TimeUnit.SECONDS);
    register(vertx, "mike").await(10, TimeUnit.SECONDS);
    for (String lookalike : new String[] {"CtrI", "C0de", "rnike", "CTRL"}) {
      Throwable refused = register(vertx, lookalike).transform(r -> Future.succeededFuture(r.cause()))
          .await(10, TimeUnit.SECONDS);
      assertThat(Failure.of(refused)).as(lookalike).isEqualTo(Failure.NAME_TAKEN);
    }
    assertThat(register(vertx, "CtrI").transform(r -> Future.succeededFuture(r.cause())).await(10, TimeUnit.SECONDS))
        .hasMessage("The name 'CtrI' is too like 'Ctrl', who is online.");

    vertx.eventBus().request(Addresses.DIRECTORY_UNREGISTER,
        new JsonObject().put("id", ctrl.id()).put("session", ctrl.session())).await(10, TimeUnit.SECONDS);
    assertThat(register(vertx, "CtrI").await(10, TimeUnit.SECONDS).name()).isEqualTo("CtrI");
    // Now CtrI holds the look of Ctrl, and a refused claim let go of what it had claimed.
    assertThat(Failure.of(register(vertx, "ctrl").transform(r -> Future.succeededFuture(r.cause()))
        .await(10, TimeUnit.SECONDS))).isEqualTo(Failure.NAME_TAKEN);
    assertThat(register(vertx, "Ctrl2").await(10, TimeUnit.SECONDS).name()).isEqualTo("Ctrl2");
    assertThat(register(vertx, "Cod").await(10, TimeUnit.SECONDS).name()).isEqualTo("Cod");
  }

  @Test
  void aNameIsTakenWhateverItsCase(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina")
        .compose(nina -> register(vertx, "NINA"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.NAME_TAKEN);
          assertThat(err.getMessage()).isEqualTo("The name 'NINA' is already taken.");
          ctx.completeNow();
        })));
  }

  @Test
  void invalidNamesAreRefusedWithTheReason(Vertx vertx, VertxTestContext ctx) {
    Checkpoint refused = ctx.checkpoint(3);
    for (String name : List.of("", "x".repeat(33), "two words")) {
      register(vertx, name).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(Failure.of(err)).isEqualTo(Failure.NAME_INVALID);
        assertThat(err.getMessage()).startsWith("The name ");
        refused.flag();
      })));
    }
  }

  @Test
  void lookupFindsConnectedUsersOnly(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_LOOKUP, new JsonObject().put("id", nina.id()))
            .map(reply -> reply.body().mapTo(User.class))
            .onComplete(ctx.succeeding(found -> ctx.verify(() -> assertThat(found).isEqualTo(nina)))))
        .compose(v -> vertx.eventBus().request(Addresses.DIRECTORY_LOOKUP, new JsonObject().put("id", 1)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.NOT_FOUND);
          ctx.completeNow();
        })));
  }

  @Test
  void unregisteringAnnouncesTheDepartureOnceAndFreesTheName(Vertx vertx, VertxTestContext ctx) {
    Checkpoint announced = ctx.checkpoint(1);
    Checkpoint done = ctx.checkpoint(1);
    register(vertx, "Nina").compose(nina -> {
      vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, (Message<JsonObject> event) -> ctx.verify(() -> {
        assertThat(event.body().mapTo(User.class)).isEqualTo(nina);
        announced.flag();
      }));
      JsonObject request = new JsonObject().put("id", nina.id()).put("session", nina.session());
      return vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_UNREGISTER, request)
          .compose(first -> vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_UNREGISTER, request)
              .map(second -> List.of(first.body().getBoolean("removed"), second.body().getBoolean("removed"))));
    }).compose(removed -> {
      ctx.verify(() -> assertThat(removed).containsExactly(true, false));
      return register(vertx, "nina");
    }).onComplete(ctx.succeeding(again -> done.flag()));
  }

  @Test
  void anotherSessionCannotRemoveAUser(Vertx vertx, VertxTestContext ctx) {
    register(vertx, "Nina").compose(nina -> vertx.eventBus().<JsonObject>request(Addresses.DIRECTORY_UNREGISTER,
            new JsonObject().put("id", nina.id()).put("session", "someone-else"))
        .compose(reply -> {
          ctx.verify(() -> assertThat(reply.body().getBoolean("removed")).isFalse());
          return vertx.eventBus().request(Addresses.DIRECTORY_LOOKUP, new JsonObject().put("id", nina.id()));
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void manyRacingForOneNameLeaveExactlyOneWinner(Vertx vertx, VertxTestContext ctx) {
    List<Future<User>> attempts = IntStream.range(0, 50).mapToObj(i -> register(vertx, i % 2 == 0 ? "Racer" : "racer")).toList();
    Future.join(attempts).onComplete(all -> ctx.verify(() -> {
      assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
      assertThat(attempts.stream().filter(Future::failed).map(f -> Failure.of(f.cause())))
          .hasSize(49).containsOnly(Failure.NAME_TAKEN);
      ctx.completeNow();
    }));
  }

  @Test
  void aRequestItCannotReadIsRefusedNotDropped(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(Addresses.DIRECTORY_UNREGISTER, new JsonObject().put("id", "x"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(Failure.of(err)).isEqualTo(Failure.INVALID_INPUT);
          ctx.completeNow();
        })));
  }
}
