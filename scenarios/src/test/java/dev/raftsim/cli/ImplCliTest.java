package dev.raftsim.cli;

import static dev.raftsim.cli.CliRun.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.CliRun.Outcome;
import dev.raftsim.testimpl.ExecutorRaft;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --impl} and {@code --classpath} on the CLI, with the test implementation (on the test class path, so
 * discovered without --classpath): choosing, rejecting, recording and replaying an implementation.
 */
class ImplCliTest {
  @TempDir Path dir;

  private static void assertBadInput(Outcome o) {
    assertEquals(Main.BAD_INPUT, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
  }

  private static JsonNode lastJson(String out) throws Exception {
    return new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void badImplementationChoicesAreOneLine() {
    Outcome o = exec("run", "--impl", "nosuch");
    assertBadInput(o);
    assertTrue(o.err().contains("raftsim") && o.err().contains(ExecutorRaft.NAME), o.err());
    assertBadInput(exec("run", "--impl", ExecutorRaft.NAME, "--bug", "figure8-commit"));
    assertBadInput(exec("run", "--classpath", dir.resolve("no-such.jar").toString()));
    assertBadInput(exec("fuzz", "--impl", "nosuch", "--out", dir.resolve("f").toString()));
    assertBadInput(exec("scenarios", "run", "--impl", "nosuch"));
    assertBadInput(exec("bugs", "hunt", "--impl", "nosuch"));
  }

  @Test
  void runRecordsTheImplementationAndRaftsimIsTheDefault() throws Exception {
    Outcome plain = exec("run", "--seed", "11", "--faults", "swarm", "--time", "3s", "--json");
    Outcome named = exec("run", "--impl", "raftsim", "--seed", "11", "--faults", "swarm", "--time", "3s", "--json");
    assertEquals(lastJson(plain.out()).get("digest"), lastJson(named.out()).get("digest"));
    assertEquals("raftsim", lastJson(plain.out()).get("implementation").asText());
    Outcome other = exec("run", "--impl", ExecutorRaft.NAME, "--seed", "3", "--time", "3s", "--json");
    assertEquals(Main.OK, other.code(), other.err());
    assertEquals(ExecutorRaft.NAME, lastJson(other.out()).get("implementation").asText());
    assertEquals("1.0-test", lastJson(other.out()).get("implementationVersion").asText());
  }

  @Test
  void checkDeterminismNamesTheFirstDifferingEvent() {
    Outcome o = exec("run", "--impl", ExecutorRaft.NAME, "--bug", ExecutorRaft.WALL_CLOCK, "--seed", "3", "--time",
        "2s", "--faults", "none", "--check-determinism");
    assertEquals(Main.VIOLATION, o.code(), o.err());
    assertTrue(o.err().contains("first difference at event"), o.err());
    Outcome clean = exec("run", "--impl", ExecutorRaft.NAME, "--seed", "3", "--time", "2s", "--check-determinism");
    assertEquals(Main.OK, clean.code(), clean.err());
  }

  @Test
  void anImplementationErrorIsSavedAndReplays() throws Exception {
    Path out = dir.resolve("camp");
    Outcome f = exec("fuzz", "--impl", ExecutorRaft.NAME, "--bug", ExecutorRaft.THROW, "--schedules", "4", "--seed",
        "2", "--time", "2s", "--max-failures", "1", "--shrink-attempts", "20", "--out", out.toString(), "--json");
    assertEquals(Main.VIOLATION, f.code(), f.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(ExecutorRaft.NAME, summary.get("implementation").asText());
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("failures.jsonl")).get(0));
    assertEquals("NodeAssertion", line.get("invariant").asText());
    Path cx = out.resolve(line.get("counterexample").asText());
    JsonNode file = new ObjectMapper().readTree(cx.toFile());
    assertEquals(ExecutorRaft.NAME, file.get("implementation").get("name").asText());
    Outcome r = exec("replay", cx.toString(), "--json");
    assertEquals(Main.VIOLATION, r.code(), r.err());
    assertTrue(lastJson(r.out()).get("digestMatches").asBoolean(), r.out());

    // The same file naming an implementation that is not installed: one line; another version: a warning.
    String text = Files.readString(cx);
    Path ghost = dir.resolve("ghost.json");
    Files.writeString(ghost, text.replace("\"" + ExecutorRaft.NAME + "\"", "\"ghost-raft\""));
    Outcome g = exec("replay", ghost.toString());
    assertBadInput(g);
    assertTrue(g.err().contains("ghost-raft") && g.err().contains("not installed"), g.err());
    Path older = dir.resolve("older.json");
    Files.writeString(older, text.replace("\"1.0-test\"", "\"0.9-test\""));
    Outcome v = exec("replay", older.toString());
    assertEquals(Main.VIOLATION, v.code(), v.err());
    assertTrue(v.err().contains("warning") && v.err().contains("0.9-test"), v.err());
  }
}
