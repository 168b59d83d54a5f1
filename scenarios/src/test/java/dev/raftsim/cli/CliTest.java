package dev.raftsim.cli;

import static dev.raftsim.cli.CliRun.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.CliRun.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  private static void assertBadInput(Outcome o) {
    assertEquals(Main.BAD_INPUT, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
  }

  @Test
  void badArgumentsGetOneLineAndExitTwo() {
    assertBadInput(exec("--no-such-option"));
    assertBadInput(exec("run", "--seed", "abc"));
    assertBadInput(exec("run", "--bug", "no-such-bug"));
    assertBadInput(exec("run", "--faults", "nope"));
    assertBadInput(exec("run", "--time", "ten"));
    assertBadInput(exec("run", "--nodes", "0"));
    assertBadInput(exec("fuzz", "--shard", "3/2", "--out", dir.resolve("x").toString()));
    assertBadInput(exec("fuzz", "--schedules", "0"));
    assertBadInput(exec("replay", dir.resolve("missing.json").toString()));
  }

  @Test
  void unknownBugListsTheValidNames() {
    Outcome o = exec("run", "--bug", "nope");
    assertTrue(o.err().contains("figure8-commit") && o.err().contains("ack-before-persist"), o.err());
  }

  @Test
  void runPrintsJsonWithTheDocumentedFields() throws Exception {
    Outcome o = exec("run", "--seed", "1", "--time", "3s", "--faults", "none", "--json");
    assertEquals(0, o.code(), o.err());
    JsonNode d = new ObjectMapper().readTree(o.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    for (String f : new String[] {"seed", "nodes", "events", "simulatedMillis", "digest", "leadersElected",
        "commandsCommitted", "violation"}) {
      assertTrue(d.has(f), f);
    }
    assertTrue(d.get("violation").isNull());
    assertTrue(d.get("leadersElected").asInt() >= 1);
  }

  /** Runs a short campaign against skip-up-to-date-check into {@code out}; returns its first counterexample file. */
  private static Path firstCounterexample(Path out, String schedules, String seed) throws Exception {
    Outcome f = exec("fuzz", "--schedules", schedules, "--seed", seed, "--time", "4s", "--bug", "skip-up-to-date-check",
        "--max-failures", "1", "--shrink-attempts", "40", "--out", out.toString(), "--json");
    assertEquals(Main.VIOLATION, f.code(), f.err());
    assertTrue(Files.size(out.resolve("failures.jsonl")) > 0);
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("failures.jsonl")).get(0));
    return out.resolve(line.get("counterexample").asText());
  }

  @Test
  void replayTakesAFolderOfRegressionFiles() throws Exception {
    Path stillFails = firstCounterexample(dir.resolve("reg"), "100", "3");
    // The same schedule once the bug is fixed: the file's cluster without the planted bug.
    String json = Files.readString(stillFails);
    assertTrue(json.contains("\"skip-up-to-date-check\""), json);
    Path fixed = dir.resolve("fixed.json");
    Files.writeString(fixed, json.replace("\"skip-up-to-date-check\"", "").replaceAll("\\[\\s*\\]", "[]"));

    Outcome one = exec("replay", fixed.toString());
    assertEquals(Main.OK, one.code(), one.out() + one.err());
    Outcome both = exec("replay", fixed.toString(), stillFails.toString());
    assertEquals(Main.VIOLATION, both.code(), both.err());
    assertTrue(both.out().contains("1 of 2 files still fail"), both.out());
    assertBadInput(exec("replay", fixed.toString(), stillFails.toString(), "--trace", dir.resolve("t").toString()));
  }

  @Test
  void aCleanRunWritesItsStateTraceAndReport() throws Exception {
    Path states = dir.resolve("run.ndjson");
    Path rep = dir.resolve("rep");
    Outcome o = exec("run", "--seed", "12", "--time", "2s", "--faults", "swarm", "--state-trace", states.toString(),
        "--trace", dir.resolve("run.jsonl").toString(), "--report", rep.toString());
    assertEquals(Main.OK, o.code(), o.err());
    assertTrue(Files.readAllLines(states).get(0).startsWith("{\"kind\":\"init\""));
    for (String ext : new String[] {".html", ".json", ".shiviz"}) {
      assertTrue(Files.exists(rep.resolve("run-seed12" + ext)), ext);
    }
    Files.writeString(dir.resolve("plain"), "x");
    assertBadInput(exec("run", "--time", "1s", "--state-trace", dir.resolve("plain").resolve("s.ndjson").toString()));
  }

  @Test
  void fuzzWritesAStateTraceBesideEachFailureAndReplayRewritesIt() throws Exception {
    Path out = dir.resolve("camp");
    Outcome f = exec("fuzz", "--schedules", "100", "--seed", "3", "--time", "4s", "--bug", "skip-up-to-date-check",
        "--max-failures", "1", "--shrink-attempts", "40", "--out", out.toString(), "--state-trace");
    assertEquals(Main.VIOLATION, f.code(), f.err());
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out.resolve("failures.jsonl")).get(0));
    Path cx = out.resolve(line.get("counterexample").asText());
    Path beside = out.resolve(cx.getFileName().toString().replace(".json", ".state.ndjson"));
    assertTrue(Files.exists(beside), f.err());
    Path again = dir.resolve("again.ndjson");
    Outcome r = exec("replay", cx.toString(), "--state-trace", again.toString());
    assertEquals(Main.VIOLATION, r.code(), r.err());
    assertEquals(Files.readString(beside), Files.readString(again), "the replayed run is the failing run");
  }

  @Test
  void fuzzReplayRoundTripThroughTheCli() throws Exception {
    Path out = dir.resolve("camp");
    Path cx = firstCounterexample(out, "200", "1");
    Outcome r = exec("replay", cx.toString(), "--json");
    assertEquals(Main.VIOLATION, r.code(), r.err());
    JsonNode d = new ObjectMapper().readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertTrue(d.get("digestMatches").asBoolean(), r.out());
    assertTrue(d.get("reproduced").asBoolean());
    assertTrue(Files.exists(out.resolve("index.html")));
    Files.writeString(dir.resolve("corrupt.json"), "{\"not\": \"a counterexample\"");
    assertBadInput(exec("replay", dir.resolve("corrupt.json").toString()));
  }

  @Test
  void mergeOfShardsMatchesTheWholeCampaign() throws Exception {
    exec("fuzz", "--schedules", "30", "--seed", "3", "--time", "2s", "--out", dir.resolve("all").toString());
    exec("fuzz", "--schedules", "30", "--seed", "3", "--time", "2s", "--shard", "0/2", "--out", dir.resolve("a").toString());
    exec("fuzz", "--schedules", "30", "--seed", "3", "--time", "2s", "--shard", "1/2", "--out", dir.resolve("b").toString());
    Outcome m = exec("merge", "--json", dir.resolve("a").toString(), dir.resolve("b").toString());
    assertEquals(0, m.code(), m.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode merged = json.readTree(m.out().strip());
    JsonNode whole = json.readTree(dir.resolve("all").resolve("summary.json").toFile());
    assertEquals(whole.get("campaignDigest").asText(), merged.get("campaignDigest").asText());
    assertEquals(30, merged.get("schedules").asInt());
  }

  @Test
  void mergeRefusesShardsOfDifferentClusterKnobs() throws Exception {
    exec("fuzz", "--schedules", "6", "--seed", "3", "--time", "1s", "--shard", "0/2", "--spares", "1",
        "--out", dir.resolve("s0").toString());
    exec("fuzz", "--schedules", "6", "--seed", "3", "--time", "1s", "--shard", "1/2", "--spares", "2",
        "--out", dir.resolve("s1").toString());
    Outcome m = exec("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString());
    assertBadInput(m);
    assertTrue(m.err().contains("spares"), m.err());
    exec("fuzz", "--schedules", "6", "--seed", "3", "--time", "1s", "--shard", "1/2", "--spares", "1",
        "--out", dir.resolve("s1b").toString());
    Outcome ok = exec("merge", "--json", dir.resolve("s0").toString(), dir.resolve("s1b").toString());
    assertEquals(0, ok.code(), ok.err());
    assertEquals(1, new ObjectMapper().readTree(ok.out().strip()).get("spares").asInt());
  }

  /**
   * A guided campaign's first generation is the random campaign's first 8 schedules, so a bug random finds within
   * them is found at the same schedule in both modes; {@code --modes guided} runs guided alone, with the same
   * counts, reports the mode it left out as 0 and states no goals.
   */
  @Test
  void compareRunsBothModesOrOneAndAgreesOnTheFirstGeneration() throws Exception {
    String[] common = {"bugs", "hunt", "--compare", "--json", "--seeds", "2", "--cap", "8", "--threads", "1",
        "commit-beyond-match"};
    Outcome both = exec(concat(common, "--state-schedules", "16"));
    assertEquals(0, both.code(), both.err());
    ObjectMapper json = new ObjectMapper();
    JsonNode bug = json.readTree(both.out().strip().lines().reduce((a, b) -> b).orElseThrow()).get("bugs").get(0);
    JsonNode guidedOnly = json.readTree(exec(concat(common, "--state-schedules", "0", "--modes", "guided")).out()
        .strip().lines().reduce((a, b) -> b).orElseThrow());
    JsonNode alone = guidedOnly.get("bugs").get(0);
    assertEquals(0, guidedOnly.get("goals").size(), "no goals without both modes: " + guidedOnly);
    for (int s = 0; s < 2; s++) {
      long random = bug.get("randomSchedules").get(s).asLong();
      assertTrue(random >= 1 && random <= 8, bug.toString());
      assertEquals(random, bug.get("guidedSchedules").get(s).asLong(), bug.toString());
      assertEquals(random, alone.get("guidedSchedules").get(s).asLong(), alone.toString());
      assertEquals(0, alone.get("randomSchedules").get(s).asLong(), alone.toString());
    }
    assertBadInput(exec(concat(common, "--modes", "guided,sideways")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
