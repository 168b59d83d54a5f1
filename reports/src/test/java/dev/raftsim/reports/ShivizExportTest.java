package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShivizExportTest {
  static final Path CHECKER = Path.of("/work/shared/acceptance/lib/shiviz_check.py");

  /** The ShiViz rules, checked in Java so the test means something where python is missing. */
  static void check(String log) throws Exception {
    List<String> lines = log.lines().toList();
    assertEquals(ShivizExport.REGEX, lines.get(0));
    assertEquals("", lines.get(1), "one execution: empty delimiter line");
    Pattern rx = Pattern.compile(lines.get(0));
    Map<String, Long> last = new HashMap<>();
    Map<String, Long> seen = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (int i = 2; i < lines.size(); i++) {
      Matcher m = rx.matcher(lines.get(i));
      assertTrue(m.matches(), "line " + (i + 1) + " does not parse: " + lines.get(i));
      String host = m.group("host");
      JsonNode clock = json.readTree(m.group("clock"));
      assertEquals(last.getOrDefault(host, 0L) + 1, clock.get(host).asLong(), "own clock steps by one at line " + (i + 1));
      last.put(host, clock.get(host).asLong());
      clock.fields().forEachRemaining(f -> seen.merge(f.getKey(), f.getValue().asLong(), Math::max));
    }
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      assertTrue(e.getValue() <= last.getOrDefault(e.getKey(), 0L), "clock names " + e.getKey() + " beyond its events");
    }
  }

  @Test
  void logFollowsShivizRulesAndDeliveriesMergeTheSendClock(@TempDir Path dir) throws Exception {
    RunReport r = SyntheticRun.build(4);
    Path file = dir.resolve("trace.shiviz");
    ShivizExport.write(r, file);
    String log = Files.readString(file);
    check(log);
    // n2's first receive of n1's vote request knows n1's first two events (start + note... its send).
    String firstReceive = log.lines().filter(l -> l.startsWith("n2 ") && l.contains("receive RV t1")).findFirst().orElseThrow();
    assertTrue(firstReceive.contains("\"n1\":"), "delivery merged the sender's clock: " + firstReceive);
    // The duplicate delivery merges the same send clock as the first.
    List<String> dup = log.lines().filter(l -> l.startsWith("n3 ") && l.contains("receive AE t2 prev=1/1 n=1")).toList();
    assertEquals(2, dup.size());
    assertTrue(log.lines().anyMatch(l -> l.contains("fault: partition {n1} | {n2,n3}")));
  }

  @Test
  void cutToTheLastRecordsStillValid() throws Exception {
    RunReport r = SyntheticRun.build(60);
    String log = ShivizExport.render(r, 300);
    check(log);
    assertTrue(log.lines().count() < 320);
  }

  @Test
  void passesTheAcceptanceChecker(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(CHECKER), "acceptance checker not present");
    String python = findOnPath("python3");
    Assumptions.assumeTrue(python != null, "python3 not installed");
    Path file = dir.resolve("trace.shiviz");
    ShivizExport.write(SyntheticRun.build(30), file);
    Process p = new ProcessBuilder(python, CHECKER.toString(), file.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "checker timed out");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("shiviz ok"), out);
  }

  static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path c = Path.of(d, name);
      if (Files.isExecutable(c)) {
        return c.toString();
      }
    }
    return null;
  }
}
