package dev.chatnet.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Renders a report: a table for people, and one JSON line for tools. */
public final class ReportPrinter {

  private ReportPrinter() {
  }

  public static void table(Report report, CommonOptions options, PrintStream out) {
    int width = "result".length();
    for (Report.Row row : report.rows()) {
      width = Math.max(width, row.label().length());
    }
    String format = "  %-" + width + "s  %s%n";
    out.printf("chatnet bench: %s against %s:%d (%s)%n", report.scenario(), options.host, options.port, options.mode);
    out.println("  " + "-".repeat(width + 40));
    for (Report.Row row : report.rows()) {
      out.printf(format, row.label(), row.value());
    }
    out.println("  " + "-".repeat(width + 40));
    out.printf(format, "result", report.passed() ? "PASS" : "FAIL");
    for (String note : report.notes()) {
      out.println("  note: " + note);
    }
  }

  public static JsonObject json(Report report, CommonOptions options, JsonObject params, String commit) {
    return new JsonObject()
        .put("scenario", report.scenario())
        .put("passed", report.passed())
        .put("at", Instant.now().toString())
        .put("commit", commit)
        .put("mode", options.mode)
        .put("jvmFlags", new JsonArray(RunInfo.jvmFlags()))
        .put("processors", RunInfo.processors())
        .put("params", params)
        .put("figures", report.figures())
        .put("notes", new JsonArray(report.notes()));
  }

  /** Every option of the scenario's command by its name without {@code --}, the common ones first: the run's parameters. */
  public static JsonObject params(CommandSpec scenario) {
    JsonObject params = new JsonObject();
    for (OptionSpec option : scenario.options()) {
      if (!option.usageHelp() && !option.versionHelp()) {
        params.put(option.longestName().substring(2), option.getValue());
      }
    }
    return params;
  }
}
