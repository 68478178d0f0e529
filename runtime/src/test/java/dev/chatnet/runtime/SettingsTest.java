package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private final JsonObject defaults = new JsonObject()
      .put("port", 12000)
      .put("data-dir", "/var/lib/chatnet")
      .put("cluster", false)
      .put("request-timeout", 5000L);

  @Test
  void flagsWinOverEnvironmentWhichWinsOverDefaults() {
    JsonObject config = Settings.load(new String[] {"--port", "13000"},
        Map.of("CHATNET_PORT", "14000", "CHATNET_DATA_DIR", "/tmp/x"), defaults);
    assertThat(config.getInteger("port")).isEqualTo(13000);
    assertThat(config.getString("data-dir")).isEqualTo("/tmp/x");
    assertThat(config.getLong("request-timeout")).isEqualTo(5000L);
  }

  @Test
  void acceptsEqualsFormAndBareBooleans() {
    JsonObject config = Settings.load(new String[] {"--port=1", "--cluster", "--request-timeout", "7"}, Map.of(), defaults);
    assertThat(config.getInteger("port")).isEqualTo(1);
    assertThat(config.getBoolean("cluster")).isTrue();
    assertThat(config.getLong("request-timeout")).isEqualTo(7L);
  }

  @Test
  void rejectsUnknownOptionsAndBadValuesWithAClearMessage() {
    assertThatThrownBy(() -> Settings.load(new String[] {"--prot", "1"}, Map.of(), defaults))
        .hasMessage("Unknown option --prot");
    assertThatThrownBy(() -> Settings.load(new String[] {"--port", "many"}, Map.of(), defaults))
        .hasMessage("Option --port takes a whole number, not 'many'");
    assertThatThrownBy(() -> Settings.load(new String[] {"--port"}, Map.of(), defaults))
        .hasMessage("Option --port needs a value");
  }

  @Test
  void usageNamesEveryOptionAndItsVariable() {
    assertThat(Settings.usage("x", defaults)).contains("--data-dir", "CHATNET_DATA_DIR", "default: 12000");
  }
}
