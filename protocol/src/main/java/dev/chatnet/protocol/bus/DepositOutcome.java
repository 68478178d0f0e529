package dev.chatnet.protocol.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** How one deposit of a {@link Deposits} request ended: stored, or refused with a failure and why. */
public record DepositOutcome(Failure failure, String reason) {

  public static final DepositOutcome STORED = new DepositOutcome(null, null);

  public static DepositOutcome refused(ReplyException error) {
    return new DepositOutcome(Failure.of(error), error.getMessage());
  }

  public boolean stored() {
    return failure == null;
  }

  /** The refusal as the failure a single request would have had. */
  public ReplyException exception() {
    return failure.exception(reason);
  }

  public JsonObject toJson() {
    return stored() ? new JsonObject() : new JsonObject().put("failure", failure.code()).put("reason", reason);
  }

  public static DepositOutcome fromJson(JsonObject json) {
    Integer code = json.getInteger("failure");
    return code == null ? STORED : new DepositOutcome(Failure.ofCode(code), json.getString("reason", ""));
  }
}
