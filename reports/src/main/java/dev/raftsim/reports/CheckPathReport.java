package dev.raftsim.reports;

import static dev.raftsim.reports.internal.Html.esc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.reports.internal.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The report of a model checker path ({@code raftsim check}): not a timed simulation but a numbered sequence of
 * steps, so a page that lists them, marks the step that broke the invariant and opens scrolled to it, plus the
 * same in JSON. Written by {@code raftsim replay --report} for files saved by {@code check}.
 *
 * @param steps one line per step, in order
 * @param violatingStep the 1-based step that broke the invariant, or 0 when none did
 */
public record CheckPathReport(String title, List<String> steps, int violatingStep, String invariant, String message,
    String digest, String replayCommand) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public CheckPathReport {
    steps = List.copyOf(steps);
  }

  /** Writes {@code base.html} and {@code base.json} into {@code dir} (each atomically); returns both paths. */
  public List<Path> write(Path dir, String base) throws IOException {
    Files.createDirectories(dir);
    Path html = dir.resolve(base + ".html");
    Path json = dir.resolve(base + ".json");
    atomically(html, html());
    atomically(json, JSON.writeValueAsString(json()) + "\n");
    return List.of(html, json);
  }

  private static void atomically(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".report-", ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "raftsim.check-path-report/1");
    root.put("title", title);
    root.put("invariant", invariant);
    root.put("message", message);
    root.put("violatingStep", violatingStep);
    root.put("digest", digest);
    root.put("replay", replayCommand);
    ArrayNode a = root.putArray("steps");
    steps.forEach(a::add);
    return root;
  }

  public String html() {
    StringBuilder sb = new StringBuilder(8 * 1024);
    boolean bad = violatingStep > 0;
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc((bad ? "✗ " : "✓ ") + title)).append("</title>\n<style>\n").append(Html.resource("report.css"))
        .append("\nul.steps{list-style:none;padding-left:0}ul.steps li{padding:2px 6px;font-family:ui-monospace,monospace;font-size:13px}"
            + "\nul.steps li.broke{background:#fde2e2;border-left:4px solid #c0392b}\n</style>\n</head>\n<body>\n")
        .append("<header class=\"banner ").append(bad ? "bad" : "good").append("\"><div class=\"wrap\"><div>")
        .append("<div class=\"kicker\">raftsim · model checker path</div><h1>").append(esc(title)).append("</h1>");
    if (bad) {
      sb.append("<p class=\"sentence\">").append(esc(invariant + ": " + message)).append("</p>");
    }
    sb.append("</div></div></header>\n<div class=\"wrap\">\n<div class=\"cmdline\"><span class=\"muted\">replay</span><pre>")
        .append(esc(replayCommand)).append("</pre></div>\n<ul class=\"steps\">\n");
    for (int i = 0; i < steps.size(); i++) {
      boolean broke = i + 1 == violatingStep;
      sb.append("<li").append(broke ? " id=\"violation\" class=\"broke\"" : "").append(">").append(esc(steps.get(i)))
          .append(broke ? " <b>← " + esc(invariant) + " broken here</b>" : "").append("</li>\n");
    }
    sb.append("</ul>\n<footer>digest ").append(esc(digest)).append("</footer>\n</div>\n")
        // Open on the step that broke the invariant, as the simulation reports open on the violation's window.
        .append("<script>var v=document.getElementById('violation');if(v&&!location.hash)v.scrollIntoView({block:'center'});"
            + "</script>\n</body>\n</html>\n");
    return sb.toString();
  }
}
