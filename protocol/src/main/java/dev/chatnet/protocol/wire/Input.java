package dev.chatnet.protocol.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A value the client asks the user for before it sends an action. */
public record Input(String name, String label, Kind kind) {

  public enum Kind {
    /** Any line of text. */
    @JsonProperty("text") TEXT,
    /** A whole number; the client asks again until it gets one. */
    @JsonProperty("number") NUMBER,
    /** Text that is not echoed. */
    @JsonProperty("secret") SECRET,
    /** {@code y} or {@code n}; the client asks again until it gets one. */
    @JsonProperty("yes-no") YES_NO
  }
}
