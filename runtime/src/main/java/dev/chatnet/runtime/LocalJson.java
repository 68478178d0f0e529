package dev.chatnet.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Hands a JSON body to a consumer in the same process as it is, not as a deep copy. Vert.x
 * copies a local JsonObject so that its sender and its receivers cannot change each other's;
 * chatnet's bodies are built for one send and only read after it, so in one process (the
 * standalone server) the copy is pure cost: a room's line is copied once per gateway event
 * loop. A clustered Vertx keeps Vert.x's own codec, so what crosses the wire is unchanged.
 */
public final class LocalJson implements MessageCodec<JsonObject, JsonObject> {

  static final String NAME = "chatnet-local-json";

  /** Per Vertx: its options without a timeout, once the codec is registered where it applies. */
  private static final Map<Vertx, DeliveryOptions> OPTIONS = Collections.synchronizedMap(new WeakHashMap<>());

  private LocalJson() {
  }

  /**
   * Options for a JSON body sent on {@code vertx}'s bus: the body is not copied when it stays in
   * the process. One shared object per Vertx: not to be changed.
   */
  public static DeliveryOptions options(Vertx vertx) {
    return OPTIONS.computeIfAbsent(vertx, LocalJson::register);
  }

  /** {@code options} with the same choice of codec as {@link #options(Vertx)}; a new object. */
  public static DeliveryOptions options(Vertx vertx, DeliveryOptions options) {
    DeliveryOptions local = options(vertx);
    return new DeliveryOptions(options).setCodecName(local.getCodecName());
  }

  private static DeliveryOptions register(Vertx vertx) {
    if (vertx.isClustered()) {
      return new DeliveryOptions();
    }
    try {
      vertx.eventBus().registerCodec(new LocalJson());
    } catch (IllegalStateException alreadyRegistered) {
      // Registered before this map knew the Vertx.
    }
    return new DeliveryOptions().setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject body) {
    Buffer encoded = body.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject body) {
    return body;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
