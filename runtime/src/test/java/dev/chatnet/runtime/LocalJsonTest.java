package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalJsonTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void inOneProcessTheRequestAndTheReplyAreHandedOverNotCopied() throws Exception {
    CompletableFuture<JsonObject> received = new CompletableFuture<>();
    JsonObject answer = new JsonObject().put("seq", 7);
    vertx.eventBus().<JsonObject>consumer("test.say", request -> Replies.reply(request, () -> {
      received.complete(request.body());
      return Future.succeededFuture(answer);
    })).completion().await(10, TimeUnit.SECONDS);

    JsonObject body = new JsonObject().put("text", "hello").put("user", new JsonObject().put("id", 1));
    Message<JsonObject> reply = vertx.eventBus().<JsonObject>request("test.say", body, LocalJson.options(vertx))
        .await(10, TimeUnit.SECONDS);

    assertThat(received.get(10, TimeUnit.SECONDS)).isSameAs(body);
    assertThat(reply.body()).isSameAs(answer);
  }

  @Test
  void aFailureStillComesBackAsItsCode() throws Exception {
    vertx.eventBus().<JsonObject>consumer("test.fail", request -> Replies.reply(request, () -> {
      throw Failure.INVALID_INPUT.exception("no");
    })).completion().await(10, TimeUnit.SECONDS);

    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    vertx.eventBus().request("test.fail", new JsonObject(), LocalJson.options(vertx)).onFailure(failed::complete);

    Throwable failure = failed.get(10, TimeUnit.SECONDS);
    assertThat(Failure.of(failure)).isEqualTo(Failure.INVALID_INPUT);
    assertThat(failure).hasMessage("no");
  }

  @Test
  void aPublishedBodyReachesEveryConsumerAsTheSameObject() throws Exception {
    CompletableFuture<JsonObject> first = new CompletableFuture<>();
    CompletableFuture<JsonObject> second = new CompletableFuture<>();
    vertx.eventBus().<JsonObject>consumer("test.room", m -> first.complete(m.body())).completion().await(10, TimeUnit.SECONDS);
    vertx.eventBus().<JsonObject>consumer("test.room", m -> second.complete(m.body())).completion().await(10, TimeUnit.SECONDS);
    JsonObject events = new JsonObject().put("seq", 1);

    vertx.eventBus().publish("test.room", events, LocalJson.options(vertx));

    assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(events);
    assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(events);
  }
}
