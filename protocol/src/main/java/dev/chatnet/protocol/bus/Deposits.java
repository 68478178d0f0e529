package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Deposits sent in one request, to be stored in this order; at most {@link #MAX}. */
public record Deposits(List<Deposit> deposits) {

  /** Bounds the work and the size of one request. */
  public static final int MAX = 64;

  public Deposits {
    deposits = List.copyOf(deposits);
  }

  public static Deposits of(Deposit... deposits) {
    return new Deposits(List.of(deposits));
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray(new ArrayList<>(deposits.size()));
    for (Deposit deposit : deposits) {
      list.add(deposit.toJson());
    }
    return new JsonObject().put("deposits", list);
  }

  /** Reads a request; throws IllegalArgumentException when it holds none, or more than {@link #MAX}. */
  public static Deposits fromJson(JsonObject json) {
    JsonArray list = json.getJsonArray("deposits");
    if (list == null || list.isEmpty() || list.size() > MAX) {
      throw new IllegalArgumentException("a request holds 1 to " + MAX + " deposits");
    }
    List<Deposit> deposits = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      deposits.add(Deposit.fromJson(list.getJsonObject(i)));
    }
    return new Deposits(deposits);
  }
}
