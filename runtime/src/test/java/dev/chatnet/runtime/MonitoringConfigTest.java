package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compose file's monitoring profile, checked without its image (which a machine without
 * registry access cannot pull): Prometheus scrapes every chatnet service of docker-compose.yml,
 * however scaled, at the health port the service's image sets, on a network it can reach.
 */
class MonitoringConfigTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void prometheusScrapesEveryServiceOfTheComposeFileAtItsHealthPort() throws Exception {
    JsonNode compose = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
    List<String> built = new ArrayList<>();
    compose.get("services").fields().forEachRemaining(service -> {
      if (service.getValue().has("build")) {
        built.add(service.getKey());
      }
    });
    assertThat(built).containsExactlyInAnyOrder("directory-service", "mailbox-service", "chatroom-service",
        "proxy-service", "gateway");

    JsonNode prometheus = compose.get("services").get("prometheus");
    assertThat(prometheus.get("profiles").toString()).contains("monitoring");
    assertThat(prometheus.get("networks").toString()).contains("cluster");
    assertThat(prometheus.get("volumes").get(0).asText())
        .isEqualTo("./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

    JsonNode job = YAML.readTree(ROOT.resolve("monitoring/prometheus.yml").toFile()).get("scrape_configs").get(0);
    assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
    JsonNode discovery = job.get("dns_sd_configs").get(0);
    assertThat(discovery.get("type").asText()).isEqualTo("A");
    List<String> scraped = new ArrayList<>();
    discovery.get("names").forEach(name -> scraped.add(name.asText()));
    assertThat(scraped).containsExactlyInAnyOrderElementsOf(built);
    for (String service : built) {
      String dockerfile = Files.readString(ROOT.resolve(service).resolve("Dockerfile"));
      assertThat(dockerfile).as(service).contains("ENV CHATNET_HEALTH_PORT=" + discovery.get("port").asInt());
    }
  }
}
