package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final Pattern ARROW = Pattern.compile("<(?:line|path)\\b[^>]*\\bclass=\"msg[ \"]");

  static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static int count(String needle, String s) {
    return count(Pattern.compile(Pattern.quote(needle)), s);
  }

  static long attr(String html, String name) {
    Matcher m = Pattern.compile(name + "=\"(-?\\d+)\"").matcher(html);
    assertTrue(m.find(), "attribute " + name + " missing");
    return Long.parseLong(m.group(1));
  }

  /** DELIVER records among the last {@code window} distinct events up to and including the violation's event. */
  static int deliveredInInitialWindow(RunReport r, int window) {
    List<Long> events = new ArrayList<>();
    for (TraceEvent e : r.trace()) {
      if (e.event() <= r.violation().eventIndex() && (events.isEmpty() || events.get(events.size() - 1) != e.event())) {
        events.add(e.event());
      }
    }
    long first = events.get(Math.max(0, events.size() - window));
    int n = 0;
    for (TraceEvent e : r.trace()) {
      if (e.kind() == TraceKind.DELIVER && e.event() >= first && e.event() <= r.violation().eventIndex()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void pageIsSelfContainedAndDrawsOneArrowPerDeliveryOfTheWindow(@TempDir Path dir) throws Exception {
    RunReport r = SyntheticRun.build(120);
    Path file = dir.resolve("failure.html");
    HtmlReport.write(r, file);
    String html = Files.readString(file);

    assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find(), "network resource");
    assertFalse(html.contains("http://") || html.contains("https://"), "no URL at all in the page");

    int expected = deliveredInInitialWindow(r, 400);
    long total = r.trace().stream().filter(e -> e.kind() == TraceKind.DELIVER).count();
    assertTrue(expected < total, "the run must be longer than one window for this test to mean anything");
    assertEquals(expected, count(ARROW, html), "one arrow per DELIVER of the initial window");
    assertEquals(expected, attr(html, "data-window-delivered"));
    assertEquals(total, attr(html, "data-total-delivered"));
    assertEquals(r.violation().eventIndex(), attr(html, "data-window-last-event"));
    assertTrue(attr(html, "data-windows") >= 2);

    assertEquals(1, count("id=\"violation\"", html));
    assertTrue(html.contains("StateMachineSafety violated"));
    assertTrue(html.contains("./raftsim replay --seed 42 --bug figure8-commit"));
    // Drops, losses, duplicates, crash, pause, partition sides, role segments and client ops are all drawn.
    assertTrue(count("class=\"dropped k-", html) >= 3, "dropped stubs");
    assertEquals(1, count("class=\"dropped lost", html), "lost message");
    assertEquals(1, count(Pattern.compile("class=\"msg [^\"]*\\bdup\\b"), html), "duplicate delivery");
    assertTrue(html.contains("class=\"down\""));
    assertTrue(html.contains("class=\"paused\""));
    assertTrue(html.contains("class=\"band g0\"") && html.contains("class=\"band g1\""), "partition sides");
    assertTrue(html.contains("class=\"seg leader\""));
    assertTrue(html.contains("class=\"op offending open\""), "offending op still open at the violation");
    assertTrue(html.contains("class=\"inflight"));
    assertTrue(html.contains("partition {n1} | {n2,n3}"), "fault text with lane names");
  }

  @Test
  void nodeTableAndLogGridShowDivergence() {
    RunReport r = SyntheticRun.build(3);
    String html = HtmlReport.render(r);
    String table = html.substring(html.indexOf("<table class=\"grid nodes\">"));
    table = table.substring(0, table.indexOf("</table>"));
    assertEquals(3, count("<td class=\"name\">", table));
    int cells = r.nodeStates().stream().mapToInt(s -> s.log().size()).sum();
    assertEquals(cells, count(Pattern.compile("<td class=\"lc(?! empty)[^\"]*\""), html));
    assertTrue(html.contains("class=\"lidx div\" data-index=\"2\""), "index 2 disagrees");
    assertFalse(html.contains("class=\"lidx div\" data-index=\"1\""), "index 1 agrees");
    assertTrue(html.contains("class=\"lidx div\" data-index=\"3\"") == false, "index 3 is held by one node only");
    // The command text is escaped in the cell tooltip.
    assertTrue(html.contains("put &lt;y&gt;=&quot;3&quot;"));
    assertFalse(html.contains("put <y>"));
    assertTrue(html.contains("synthetic &lt;run&gt; &amp; friends"));
  }

  @Test
  void otherWindowsTravelAsEscapedJsonAndTheOutputIsDeterministic() {
    RunReport r = SyntheticRun.build(120);
    String a = HtmlReport.render(r);
    assertEquals(a, HtmlReport.render(r));
    String json = a.substring(a.indexOf("<script type=\"application/json\" id=\"st-windows\">"));
    json = json.substring(json.indexOf('>') + 1, json.indexOf("</script>"));
    assertFalse(json.contains("<"), "embedded windows must not contain markup the page would parse");
    assertTrue(json.contains("\\u003cline class=\\\"msg"), "earlier windows carry their arrows");
  }

  @Test
  void cleanRunWithEmptyTraceStillRenders() {
    RunReport r = new RunReport("empty", 1, "", List.of("n1"), 1, List.of(), null, List.of(), List.of(), "", "", 0, 0);
    String html = HtmlReport.render(r);
    assertTrue(html.contains("No invariant was violated"));
    assertFalse(html.contains("id=\"violation\""));
  }
}
