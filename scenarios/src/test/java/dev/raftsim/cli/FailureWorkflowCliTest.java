package dev.raftsim.cli;

import static dev.raftsim.cli.CliRun.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftsim.cli.CliRun.Outcome;
import dev.raftsim.reports.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's commands on failures of the node under test, on bad and unwritable paths, and on shard sets. */
class FailureWorkflowCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  @TempDir Path dir;
  /** A campaign against the planted bug the node's own assertion catches. */
  private static Path campaign;
  private static Path failure;

  private static void assertBadInput(Outcome o, String mustMention) {
    assertEquals(Main.BAD_INPUT, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertTrue(o.err().contains(mustMention), o.err());
  }

  @BeforeAll
  static void findAFailure() throws IOException {
    campaign = shared.resolve("c");
    Outcome o = exec("fuzz", "--schedules", "60", "--seed", "1", "--bug", "accept-stale-append", "--max-failures", "1",
        "--shrink-attempts", "200", "--out", campaign.toString());
    assertEquals(Main.VIOLATION, o.code(), o.err());
    try (Stream<Path> files = Files.list(campaign)) {
      failure = files.filter(p -> p.getFileName().toString().matches("failure-\\d+\\.json")).findFirst().orElseThrow();
    }
  }

  @Test
  void aNodeAssertionIsSavedShrunkAndReplayedLikeAnyViolation() throws IOException {
    JsonNode cx = JSON.readTree(failure.toFile());
    assertEquals("NodeAssertion", cx.get("expected").get("invariant").asText());
    assertTrue(cx.get("expected").get("message").asText().contains(" threw IllegalStateException at RaftNode."));
    JsonNode summary = JSON.readTree(campaign.resolve("summary.json").toFile());
    assertEquals("NodeAssertion", summary.get("failureList").get(0).get("invariant").asText());

    Outcome replay = exec("replay", failure.toString());
    assertEquals(Main.VIOLATION, replay.code(), replay.err());
    assertTrue(replay.out().contains("reproduced: NodeAssertion, digest matches"), replay.out());

    Path shrunk = dir.resolve("shrunk.json");
    Outcome shrink = exec("shrink", failure.toString(), "--attempts", "100", "--out", shrunk.toString());
    assertEquals(Main.VIOLATION, shrink.code(), shrink.err());
    assertEquals("NodeAssertion", JSON.readTree(shrunk.toFile()).get("expected").get("invariant").asText());
    assertEquals(Main.VIOLATION, exec("replay", shrunk.toString()).code());

    Outcome scenario = exec("scenarios", "run", "Rejoin", "--bug", "accept-stale-append");
    assertEquals(Main.VIOLATION, scenario.code());
    assertTrue(scenario.out().contains("NodeAssertion violated"), scenario.out());
  }

  @Test
  void outputFilesAreWorldReadable() throws IOException {
    for (String name : List.of("summary.json", "index.html", "failures.jsonl", failure.getFileName().toString())) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(campaign.resolve(name))),
          name);
    }
  }

  @Test
  void aBadFileInABatchIsReportedAndTheRestStillRun() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"format\": \"raftsim.counterexample/1\", \"seed\": \"x\"}");
    Outcome o = exec("replay", failure.toString(), bad.toString(), dir.resolve("missing.json").toString(),
        failure.toString());
    assertEquals(Main.BAD_INPUT, o.code(), "the worst of the results");
    assertEquals(2, o.out().lines().filter(l -> l.contains(": reproduced: NodeAssertion")).count(), o.out());
    assertTrue(o.err().contains("bad.json"), o.err());
    assertTrue(o.err().contains("missing.json: no such file"), o.err());
  }

  @Test
  void unwritableOutputsAreRefusedBeforeAnyWork() throws IOException {
    Path file = dir.resolve("plain-file");
    Files.writeString(file, "x");
    Path under = file.resolve("sub");
    assertBadInput(exec("shrink", failure.toString(), "--out", under.resolve("s.json").toString()), "--out");
    assertBadInput(exec("replay", failure.toString(), "--report", under.toString()), "--report");
    assertBadInput(exec("fuzz", "--schedules", "2", "--out", under.toString()), "--out");
    assertBadInput(exec("merge", campaign.toString(), "--out", under.toString()), "--out");
    assertBadInput(exec("fuzz", "--schedules", "2", "--out", file.toString()), "--out");
  }

  /** --reports N: every counterexample is written, reports only for the first N; replay renders any later. */
  @Test
  void reportsAreCappedButEveryCounterexampleIsKept() throws IOException {
    Path c = dir.resolve("capped");
    Outcome o = exec("fuzz", "--schedules", "40", "--seed", "1", "--bug", "accept-stale-append", "--no-shrink",
        "--max-failures", "0", "--reports", "1", "--threads", "2", "--out", c.toString());
    assertEquals(Main.VIOLATION, o.code(), o.err());
    long failures = JSON.readTree(c.resolve("summary.json").toFile()).get("failures").asLong();
    List<String> names;
    try (Stream<Path> files = Files.list(c)) {
      names = files.map(p -> p.getFileName().toString()).toList();
    }
    long counterexamples = names.stream().filter(n -> n.matches("failure-\\d+\\.json")).count();
    long reports = names.stream().filter(n -> n.matches("failure-\\d+\\.report\\.html")).count();
    assertTrue(failures >= 2, "the campaign must find several failures to show the cap: " + failures);
    assertEquals(failures, counterexamples, names.toString());
    assertEquals(1, reports, names.toString());
    String unreported = names.stream().filter(n -> n.matches("failure-\\d+\\.json"))
        .filter(n -> !names.contains(n.replace(".json", ".report.html"))).findFirst().orElseThrow();
    Outcome replay = exec("replay", c.resolve(unreported).toString(), "--report", dir.resolve("later").toString());
    assertEquals(Main.VIOLATION, replay.code(), replay.err());
    assertTrue(Files.exists(dir.resolve("later").resolve(unreported.replace(".json", ".html"))),
        replay.err());

    assertBadInput(exec("fuzz", "--schedules", "2", "--reports", "-1", "--out", dir.resolve("b1").toString()),
        "--reports");
    assertBadInput(exec("fuzz", "--schedules", "2", "--reports", "many", "--out", dir.resolve("b2").toString()),
        "--reports");
  }

  @Test
  void aNonEmptyOutFolderIsRefused() throws IOException {
    Outcome o = exec("fuzz", "--schedules", "2", "--seed", "1", "--out", campaign.toString());
    assertBadInput(o, "is not empty");
  }

  @Test
  void inputsOutsideTheirRangesAreRefusedNotTruncated() throws IOException {
    String[][] edits = {{"cluster", "nodes", "4294967299"}, {"cluster", "clientRetryMicros", "0"},
        {"cluster", "maxEntriesPerAppend", "-1"}, {"plan", "healAtMicros", "-1"},
        {"cluster", "leaderBoundMicros", "0"}, {"expected", "digest", "\"xyz\""}, {"cluster", "keys", "99999999999"}};
    for (String[] e : edits) {
      ObjectNode root = (ObjectNode) JSON.readTree(failure.toFile());
      ((ObjectNode) root.get(e[0])).set(e[1], JSON.readTree(e[2]));
      Path f = dir.resolve("edited.json");
      Files.writeString(f, JSON.writeValueAsString(root));
      assertBadInput(exec("replay", f.toString()), e[1]);
      assertBadInput(exec("shrink", f.toString()), e[1]);
    }
  }

  @Test
  void mergeRefusesAnythingButOneCampaignsFullShardSet() throws IOException {
    Path s0 = dir.resolve("s0");
    Path s1 = dir.resolve("s1");
    Path s2 = dir.resolve("s2");
    Path all = dir.resolve("all");
    Path other = dir.resolve("other");
    Path half = dir.resolve("half");
    for (String[] a : new String[][] {{"0/3", s0.toString()}, {"1/3", s1.toString()}, {"2/3", s2.toString()},
        {"0/1", all.toString()}, {"1/2", half.toString()}}) {
      assertTrue(exec("fuzz", "--schedules", "6", "--seed", "9", "--time", "300ms", "--shard", a[0], "--out", a[1])
          .code() <= 1);
    }
    assertTrue(exec("fuzz", "--schedules", "7", "--seed", "9", "--time", "300ms", "--shard", "2/3", "--out",
        other.toString()).code() <= 1);
    assertBadInput(exec("merge", s0.toString(), s1.toString()), "missing shard 2/3");
    assertBadInput(exec("merge", s0.toString(), s1.toString(), half.toString()), "1/2");
    assertBadInput(exec("merge", all.toString(), s1.toString()), "0/1");
    assertBadInput(exec("merge", s0.toString(), s1.toString(), other.toString()), "requestedSchedules");
    assertBadInput(exec("merge", s0.toString(), s0.toString(), s1.toString()), "twice");

    Path digest = dir.resolve("digest.json");
    ObjectNode bad = (ObjectNode) JSON.readTree(s2.resolve("summary.json").toFile());
    bad.put("campaignDigest", "not-hex-at-all!!");
    Files.writeString(digest, JSON.writeValueAsString(bad));
    assertBadInput(exec("merge", s0.toString(), s1.toString(), digest.toString()), "campaignDigest");

    Outcome ok = exec("merge", s0.toString(), s1.toString(), s2.toString(), "--out", dir.resolve("m").toString());
    assertTrue(ok.code() <= 1, ok.err());
    assertTrue(ok.out().startsWith("PASS: merged 3 shards") || ok.out().startsWith("FAIL: merged 3 shards"), ok.out());
    assertEquals(JSON.readTree(all.resolve("summary.json").toFile()).get("campaignDigest"),
        JSON.readTree(dir.resolve("m/summary.json").toFile()).get("campaignDigest"));
    Outcome json = exec("merge", "--json", s0.toString(), s1.toString(), s2.toString());
    assertEquals(6, JSON.readTree(json.out().strip()).get("schedules").asInt());
  }

  @Test
  void atomicWritesLeaveTheOldFileOrTheNewOneAndSayWhyInOneLine() throws IOException {
    Path f = dir.resolve("report.html");
    AtomicFiles.write(f, "old");
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AtomicFiles.write(f, w -> {
      w.write("half of the new");
      throw new IOException("No space left on device");
    }));
    assertEquals("cannot write " + f + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(f));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(f), left.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void latestPointsAtTheNewestCampaign() throws IOException {
    Path a = Files.createDirectories(dir.resolve("raftsim-out/20260101-000000-seed1"));
    Path b = Files.createDirectories(dir.resolve("raftsim-out/20260101-000001-seed2"));
    FuzzCommand.linkLatest(a);
    FuzzCommand.linkLatest(b);
    Path latest = dir.resolve("raftsim-out/latest");
    assertTrue(Files.isSymbolicLink(latest));
    assertEquals(b.getFileName(), Files.readSymbolicLink(latest));
    assertEquals(b.toRealPath(), latest.toRealPath());
  }
}
