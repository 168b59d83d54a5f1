package dev.raftsim.cli;

import static dev.raftsim.cli.CliRun.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.CliRun.Outcome;
import dev.raftsim.scenarios.internal.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's path after a failure, through the CLI: what the console, the files and replay say. */
class UserPathTest {
  @TempDir Path dir;

  @Test
  void aCampaignStoppedAtTheLimitSaysSoAndTellsOneStoryPerFailure() throws Exception {
    Path out = dir.resolve("c");
    Outcome o = exec("fuzz", "--schedules", "60", "--seed", "11", "--time", "3s", "--bug", "skip-up-to-date-check",
        "--max-failures", "1", "--shrink-attempts", "200", "--threads", "2", "--out", out.toString());
    assertEquals(Main.VIOLATION, o.code(), o.err());
    assertTrue(o.err().contains(", 1 failure,"), "grammar: " + o.err());
    assertTrue(o.err().contains("stopped at the failure limit (--max-failures 1)"), o.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(summary.get("stoppedAtMaxFailures").asBoolean());
    assertTrue(Files.readString(out.resolve("index.html")).contains("Stopped early"));
    JsonNode f = summary.get("failureList").get(0);
    long index = f.get("index").asLong();
    // The console's shrunk line, summary.json and the index show the shrunk run; the found one is its origin.
    assertTrue(o.err().contains("failure #" + index + " shrunk ") && o.err().contains(": seed " + f.get("seed").asLong()
        + ": "), o.err());
    assertTrue(o.err().contains("(found as seed " + f.get("origin").get("seed").asLong() + ")"), o.err());
    String page = Files.readString(out.resolve("index.html"));
    assertTrue(page.contains("id=\"failure-" + index + "\""), "indexed by schedule number");
    // replay of that file shows the same seed and sentence, and names its origin.
    Outcome r = exec("replay", out.resolve(f.get("counterexample").asText()).toString());
    assertEquals(Main.VIOLATION, r.code());
    assertTrue(r.out().contains("seed " + f.get("seed").asLong() + ":"), r.out());
    assertTrue(r.out().contains("origin: schedule " + index + " of fuzz campaign 11, found as seed "
        + f.get("origin").get("seed").asLong()), r.out());
    assertFalse(r.out().matches("(?s).*\\d+us simulated.*"), "a human duration: " + r.out());
  }

  @Test
  void replayNamesEachFileAndSaysNoSuchFile() throws Exception {
    Path a = dir.resolve("a.json");
    Files.copy(Path.of("..", "regressions", "accept-stale-vote.json"), a);
    Outcome o = exec("replay", a.toString());
    assertEquals(Main.VIOLATION, o.code());
    assertTrue(o.out().contains(a + ": reproduced: ElectionSafety, digest matches"), o.out());
    Outcome missing = exec("replay", dir.resolve("nope.json").toString());
    assertEquals(Main.BAD_INPUT, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("no such file") && missing.err().contains(dir.resolve("nope.json").toString()),
        missing.err());
  }

  @Test
  void checkPathsGetATraceAndAReport() throws Exception {
    Path cx = dir.resolve("check.json");
    Outcome c = exec("check", "--nodes", "3", "--max-term", "2", "--max-log", "1", "--bug", "skip-up-to-date-check",
        "--out", cx.toString());
    assertEquals(Main.VIOLATION, c.code(), c.err() + c.out());
    Path trace = dir.resolve("t.jsonl");
    Path reports = dir.resolve("rep dir");
    Outcome o = exec("replay", cx.toString(), "--trace", trace.toString(), "--report", reports.toString());
    assertEquals(Main.VIOLATION, o.code(), o.err());
    long steps = Files.readAllLines(trace).size();
    assertTrue(steps > 3, "one line per step: " + steps);
    assertTrue(Files.readAllLines(trace).get((int) steps - 1).contains("\"violation\""));
    String html = Files.readString(reports.resolve("check.report.html"));
    assertTrue(html.contains("id=\"violation\"") && html.contains("scrollIntoView"), "opens on the breaking step");
    assertTrue(html.contains(Shell.quote(cx.toString()).replace("'", "&#39;")), "shell-quoted replay command");
  }

  @Test
  void shellQuotingAndHumanDurations() {
    assertEquals("a/b-c.json", Shell.quote("a/b-c.json"));
    assertEquals("'my runs/f 1.json'", Shell.quote("my runs/f 1.json"));
    assertEquals("'it'\\''s'", Shell.quote("it's"));
    assertEquals("682.015 ms", Durations.human(682_015));
    assertEquals("4.149 s", Durations.human(4_149_032));
    assertEquals("10 s", Durations.human(10_000_000));
    assertEquals("1 h 0 min 0 s", Durations.human(3_600_000_000L));
    assertEquals("1 failure", Plural.of(1, "failure"));
    assertEquals("2 failures", Plural.of(2, "failure"));
  }
}
