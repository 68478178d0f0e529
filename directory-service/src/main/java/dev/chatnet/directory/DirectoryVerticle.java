package dev.chatnet.directory;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.Replies;
import dev.chatnet.state.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory-service: answers register, lookup, list and unregister, and announces every
 * departure on {@link Addresses#DIRECTORY_LEFT}, including the users of a gateway node that
 * left the cluster.
 */
public class DirectoryVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DirectoryVerticle.class);

  private final Membership membership;
  private Directory directory;
  private Runnable stopWatchingNodes = () -> { };

  public DirectoryVerticle(Membership membership) {
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    directory = new Directory(Store.of(vertx, Directory.NAMES_MAP), Store.of(vertx, Directory.IDS_MAP));
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.<JsonObject>consumer(Addresses.DIRECTORY_REGISTER, this::onRegister).completion(),
        bus.<JsonObject>consumer(Addresses.DIRECTORY_LOOKUP, this::onLookup).completion(),
        bus.<JsonObject>consumer(Addresses.DIRECTORY_LIST, this::onList).completion(),
        bus.<JsonObject>consumer(Addresses.DIRECTORY_UNREGISTER, this::onUnregister).completion())).compose(registered -> {
      stopWatchingNodes = membership.onNodeLeft(node -> context.runOnContext(v -> onNodeLeft(node)));
      // Users of gateways that died while no directory instance was running.
      return removeUsersOutsideCluster();
    });
  }

  @Override
  public Future<?> stop() {
    stopWatchingNodes.run();
    return Future.succeededFuture();
  }

  private void onRegister(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      Registration registration = Registration.fromJson(request.body());
      return directory.register(registration.name(), registration.node()).map(User::toJson);
    });
  }

  private void onLookup(Message<JsonObject> request) {
    Replies.reply(request, () -> directory.lookup(request.body().getLong("id", 0L)).map(User::toJson));
  }

  private void onList(Message<JsonObject> request) {
    Replies.reply(request, () -> directory.list().map(users -> new JsonObject()
        .put("users", new JsonArray(users.stream().map(User::toJson).toList()))));
  }

  private void onUnregister(Message<JsonObject> request) {
    JsonObject body = request.body();
    Replies.reply(request, () -> directory.remove(body.getLong("id"), body.getString("session"))
        .map(user -> {
          if (user != null) {
            announceLeft(user);
          }
          return new JsonObject().put("removed", user != null);
        }));
  }

  private void onNodeLeft(String node) {
    log.info("Cluster node {} left; removing its users", node);
    removeUsersOutsideCluster();
  }

  private Future<Void> removeUsersOutsideCluster() {
    var live = membership.nodes();
    return directory.removeOutside(live::contains)
        .onSuccess(users -> users.forEach(user -> {
          log.atInfo().addKeyValue("client", user.id())
              .log("Removed {}:{}: its gateway node left the cluster", user.name(), user.id());
          announceLeft(user);
        }))
        .onFailure(err -> log.warn("Could not remove the users of departed nodes: {}", err.getMessage()))
        .mapEmpty();
  }

  private void announceLeft(User user) {
    vertx.eventBus().publish(Addresses.DIRECTORY_LEFT, user.toJson());
  }
}
