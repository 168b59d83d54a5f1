package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void cleanRunExitsZero() throws Exception {
    Run r = run("check", "--nodes", "2", "--max-term", "1", "--max-log", "0", "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode o = new ObjectMapper().readTree(r.lastLine());
    assertEquals(17, o.get("distinctStates").asLong());
    assertTrue(o.get("complete").asBoolean());
    assertTrue(o.get("violation").isNull());
    for (String field : new String[] {"statesGenerated", "depth", "distinctStatesPerSecond", "wallMillis",
        "memoryBytes"}) {
      assertTrue(o.has(field), field);
    }
  }

  @Test
  void humanOutputNamesTheFigures() {
    Run r = run("check", "--nodes", "2", "--max-term", "1", "--max-log", "0", "--no-symmetry");
    assertEquals(0, r.exit(), r.err());
    for (String s : new String[] {"distinct states:", "30", "states generated:", "depth reached:",
        "distinct states/s:", "memory:", "wall time:", "complete:", "yes"}) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
  }

  @Test
  void violationExitsOneAndSavesAReplayableFile() throws Exception {
    Path file = dir.resolve("cex.json");
    Run r = run("check", "--bug", "accept-stale-vote", "--max-log", "0", "--out", file.toString(), "--json");
    assertEquals(1, r.exit(), r.err());
    JsonNode v = new ObjectMapper().readTree(r.lastLine()).get("violation");
    assertEquals("ElectionSafety", v.get("invariant").asText());
    assertEquals(file.toString(), v.get("file").asText());
    assertTrue(v.get("path").size() > 0);
    assertTrue(Files.exists(file));
    CheckReplay.Result replay = CheckReplay.replay(file);
    assertTrue(replay.reproduced());
    assertEquals(v.get("digest").asText(), replay.digest());

    Run human = run("check", "--bug", "accept-stale-vote", "--max-log", "0", "--out", file.toString());
    assertEquals(1, human.exit());
    assertTrue(human.out().contains("VIOLATION ElectionSafety"), human.out());
    assertTrue(human.out().contains("  1. n"), human.out());
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    for (String[] args : new String[][] {
        {"check", "--bug", "no-such-bug"},
        {"check", "--nodes", "0"},
        {"check", "--bug", "stale-read"},
        {"check", "--threads", "0"},
        {"check", "--max-term", "x"},
        {"check", "--max-snapshots", "-1"},
        {"check", "--max-snapshots", "256"},
        {"check", "--max-snapshots", "99999999999"},
        {"check", "--max-snapshots", "two"}}) {
      Run r = run(args);
      assertEquals(2, r.exit(), () -> String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().split("\n").length, r.err());
    }
    assertTrue(run("check", "--max-snapshots", "-1").err().contains("--max-snapshots must be 0..255"));
    Run unknown = run("check", "--bug", "no-such-bug");
    assertTrue(unknown.err().contains("figure8-commit") && unknown.err().contains("ack-before-persist"),
        unknown.err());
  }

  @Test
  void helpDescribesMaxSnapshots() {
    Run r = run("check", "--help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("--max-snapshots=K") && r.out().contains("InstallSnapshot"), r.out());
  }

  @Test
  void snapshotBugFoundFromTheCommandLine() throws Exception {
    Path file = dir.resolve("snap.json");
    Run r = run("check", "--nodes", "3", "--max-term", "1", "--max-log", "2", "--max-snapshots", "1",
        "--max-in-flight", "3", "--max-timeouts", "1", "--max-heartbeats", "1", "--bug", "install-rolls-back",
        "--out", file.toString(), "--json");
    assertEquals(1, r.exit(), r.err());
    JsonNode o = new ObjectMapper().readTree(r.lastLine());
    assertEquals(1, o.get("config").get("maxSnapshots").asInt());
    assertEquals("StateMachineSafety", o.get("violation").get("invariant").asText());
    // (replay prints to System.out; its exit code says it reproduced: 1, the expected violation)
    assertEquals(1, run("replay", file.toString()).exit());
    assertTrue(CheckReplay.replay(file).reproduced());
  }
}
