package dev.chatnet.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario found: rows for the table, figures for the JSON line, notes for the reader,
 * and whether its checks passed.
 */
public record Report(String scenario, boolean passed, List<Row> rows, JsonObject figures, List<String> notes) {

  /** One line of the table. */
  public record Row(String label, String value) {
  }

  public static Builder builder(String scenario) {
    return new Builder(scenario);
  }

  /** Collects rows, figures and notes while a scenario sums up. */
  public static final class Builder {

    private final String scenario;
    private final List<Row> rows = new ArrayList<>();
    private final JsonObject figures = new JsonObject();
    private final List<String> notes = new ArrayList<>();

    private Builder(String scenario) {
      this.scenario = scenario;
    }

    public Builder row(String label, Object value) {
      rows.add(new Row(label, String.valueOf(value)));
      return this;
    }

    public Builder figure(String key, Object value) {
      figures.put(key, value);
      return this;
    }

    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    public Report build(boolean passed) {
      return new Report(scenario, passed, List.copyOf(rows), figures.copy(), List.copyOf(notes));
    }
  }
}
