package dev.raftsim.scenarios.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.Op;
import dev.raftsim.raft.PlantedBug;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTextTest {

  private static final String RE_ELECTION = String.join("\n",
      "# ReElection: leader disconnected -> a new leader; old leader rejoins without disruption",
      "nodes 3",
      "at 500ms expect one-leader",
      "at 600ms isolate leader",
      "at 1500ms expect one-leader",
      "----",
      "ok",
      "");

  @Test
  void parsesTheExampleOfTheIssue() {
    Scenario s = ScenarioText.parse(RE_ELECTION, "somewhere/re.txt");
    assertEquals("ReElection", s.name());
    assertEquals("leader disconnected -> a new leader; old leader rejoins without disruption", s.purpose());
    assertEquals(3, s.nodes());
    assertEquals(List.of(Step.at(500_000, new Check.OneLeader()), Step.at(600_000, new Action.Isolate(Target.leader())),
        Step.at(1_500_000, new Check.OneLeader())), s.steps());
    assertEquals(List.of("ok"), s.expectedOutput());
    ScenarioResult r = ScenarioRunner.run(s);
    assertTrue(r.passed(), r.message());
  }

  @Test
  void everyCatalogueScenarioSurvivesARoundTrip() {
    for (Scenario s : Catalogue.all()) {
      String text = ScenarioText.format(s);
      Scenario back = ScenarioText.parse(text, s.name() + ".txt");
      assertEquals(s, back, s.name() + " after a round trip through\n" + text);
      assertEquals(text, ScenarioText.format(back), s.name());
    }
  }

  @Test
  void everyKindOfStepSurvivesARoundTrip() {
    Scenario s = Scenario.named("Everything").purpose("one of each").nodes(5).clients(2).seed(42).limit(90_000_000)
        .noOpOnElection(false).electionTimeout(200_000, 400_000).heartbeat(40_000).batch(2)
        .bug(PlantedBug.STALE_READ).initialNetwork(Networks.unreliable()).catches(PlantedBug.DUPLICATE_APPLY)
        .at(0).within(5_000_000).expectOneLeader()
        .then().partition(ScenarioBuilder.group(Target.marked(), Target.n(2)), ScenarioBuilder.group(Target.rest()))
        .then().heal().then().healAll().then().isolate(Target.random()).then().connect(Target.all())
        .then().cut(Target.leader(), Target.follower()).then().clog(Target.n(1), Target.n(2), 1_500)
        .then().crash(Target.leaderIfAny()).then().restart(Target.all()).then().pause(Target.n(3))
        .then().resume(Target.n(3)).then().campaign(Target.n(4)).then().ensureUp(3)
        .then().network(Networks.reliable().withDelay(250, 3_000).withDuplicate(0.25).withFifo(true))
        .then().submit(3).then().put("x").as("p").then().append("y").then().get("z").as("g")
        .then().propose(Target.leader(), "k", "v1").as("v").then().stopClients().then().remember("A", Target.leader())
        .then().isolate(Target.reg("A", 2)).then().mark().then().show("logs")
        .after(100_000).expectNoLeader().then().expectLeaderChanged().then().expectTermsAgree()
        .then().expectTermUnchanged().then().expectCommitted(3).then().expectCommittedAtLeast(2)
        .then().add(new Check.Committed(Check.Comparison.AT_MOST, 9)).then().expectConverged()
        .then().expectCommittedOnce("p").then().expectCommittedAt("v", 4).then().expectNotCommitted("g")
        .then().expectAckedCommitted().then().expectMessagesAtMost(10).then().expectEntriesSentAtMost(20)
        .build();
    Scenario back = ScenarioText.parse(ScenarioText.format(s), "everything.txt");
    assertEquals(s, back, ScenarioText.format(s));
    assertEquals(List.of(PlantedBug.DUPLICATE_APPLY), back.catches());
    assertEquals(List.of(PlantedBug.STALE_READ), back.bugList());
  }

  @Test
  void timingWordsOfTheBuilder() {
    Scenario s = Scenario.named("Timing").at(1_000).mark().mark().after(2_000).mark().mark().after(3_000).then()
        .after(4_000).mark().within(5_000).expectOneLeader().build();
    List<String> lines = s.steps().stream().map(ScenarioText::stepText).toList();
    assertEquals(List.of("at 1ms mark", "at 1ms mark", "after 2ms mark", "then mark", "after 7ms mark",
        "then within 5ms expect one-leader"), lines);
  }

  @Test
  void settingsAndStepsFromText() {
    Scenario s = ScenarioText.parse(String.join("\n",
        "name Custom",
        "purpose   does things   ",
        "nodes 5",
        "workload 2",
        "seed -7",
        "limit 2.5s",
        "noop off",
        "election 100ms 120ms",
        "heartbeat 20ms",
        "batch 64",
        "bug figure8-commit",
        "bug stale-read",
        "network delay 1ms 0us drop 0.5 fifo",
        "catches stale-read figure8-commit",
        "expect violation ElectionSafety|Linearizability",
        "",
        "at 250us campaign n5   # a trailing comment",
        "after 1.5ms within 2s expect committed >= 3",
        "then expect committed <=4",
        "then cut L+2->leader",
        "then propose leader? key=a=b as lbl-1.x"), "custom.txt");
    assertEquals("Custom", s.name());
    assertEquals("does things", s.purpose());
    assertEquals(5, s.nodes());
    assertEquals(2, s.clients());
    assertTrue(s.workload());
    assertEquals(-7, s.seed());
    assertEquals(2_500_000, s.limitMicros());
    assertEquals(false, s.noOpOnElection());
    assertEquals(100_000, s.electionMinMicros());
    assertEquals(20_000, s.heartbeatMicros());
    assertEquals(64, s.maxEntriesPerAppend());
    assertEquals(List.of(PlantedBug.FIGURE8_COMMIT, PlantedBug.STALE_READ), s.bugList());
    assertEquals(1_000, s.network().minDelayMicros());
    assertEquals(0.5, s.network().dropProbability());
    assertTrue(s.network().fifo());
    assertEquals(List.of(PlantedBug.FIGURE8_COMMIT, PlantedBug.STALE_READ), s.catches());
    assertEquals(List.of("ElectionSafety", "Linearizability"), s.expectedViolations());
    assertNull(s.expectedOutput());
    assertEquals(Step.at(250, new Action.Campaign(Target.n(5))), s.steps().get(0));
    assertEquals(new Step(false, 1_500, 2_000_000, new Check.Committed(Check.Comparison.AT_LEAST, 3)),
        s.steps().get(1));
    assertEquals(new Check.Committed(Check.Comparison.AT_MOST, 4), s.steps().get(2).action());
    assertEquals(new Action.Cut(Target.reg("L", 2), Target.leader()), s.steps().get(3).action());
    assertEquals(new Action.Propose(Target.leaderIfAny(), "key", "a=b", "lbl-1.x"), s.steps().get(4).action());
  }

  @Test
  void theNameFallsBackToTheFileName() {
    Scenario s = ScenarioText.parse("# just a comment\nat 1s expect one-leader\n", "dir/sub/MyCase.txt");
    assertEquals("MyCase", s.name());
    assertEquals("", s.purpose());
  }

  @Test
  void clientOperations() {
    Scenario s = ScenarioText.parse("clients 2\nat 0ms put x as a\nthen append y\nthen get x as b\n"
        + "then within 1s expect committed-once a\n", "ops.txt");
    assertEquals(new Action.ClientOp(Op.PUT, "x", "a"), s.steps().get(0).action());
    assertEquals(new Action.ClientOp(Op.APPEND, "y", null), s.steps().get(1).action());
    assertEquals(new Action.ClientOp(Op.GET, "x", "b"), s.steps().get(2).action());
  }

  private static String errorOf(String text) {
    return assertThrows(ScenarioFormatException.class, () -> ScenarioText.parse(text, "t.txt")).getMessage();
  }

  @Test
  void errorsNameTheFileAndLine() {
    assertEquals("t.txt:3: unknown directive 'isolat': expected a setting (name, purpose, nodes, clients, workload,"
        + " seed, limit, noop, reads, prevote, checkquorum, drift, election, heartbeat, batch, snapshot, spares, bug, network, catches,"
        + " expect) or a step beginning with at, after or then", errorOf("nodes 3\n\nisolat n1\n"));
    assertTrue(errorOf("nodes 3\nat 1s isolat n1\n").startsWith("t.txt:2: unknown action 'isolat'; valid: partition,"));
    assertEquals("t.txt:2: invalid duration '5' (use e.g. 250us, 500ms, 1.5s)", errorOf("nodes 3\nat 5 heal\n"));
    assertEquals("t.txt:3: 'nodes' is a setting and must come before the first step (steps begin with at, after or"
        + " then)", errorOf("# x\nat 1s heal\nnodes 5\n"));
    assertEquals("t.txt:2: unknown bug 'figure9'; valid: " + String.join(", ", PlantedBug.cliNames()),
        errorOf("nodes 3\nbug figure9\n"));
    assertEquals("t.txt:1: expected a whole number, got 'three'", errorOf("nodes three\n"));
    assertEquals("t.txt:2: usage: isolate TARGET", errorOf("nodes 3\nat 1s isolate\n"));
    assertEquals("t.txt:2: 'within' needs an expectation after it (within DURATION expect ...)",
        errorOf("nodes 3\nthen within 1s heal\n"));
    assertEquals("t.txt:2: propose needs KEY=VALUE, got 'x'", errorOf("nodes 3\nthen propose leader x\n"));
    assertEquals("t.txt:2: unknown node 'node1'; valid: n1..nN, leader, leader?, follower, random, all, rest, or a"
        + " register such as L or L+1", errorOf("nodes 3\nat 0ms crash node1\n"));
    assertEquals("t.txt:2: unknown expectation 'two-leaders'; valid: one-leader, no-leader, leader-changed,"
        + " terms-agree, term-unchanged, committed, converged, committed-once, committed-at, not-committed,"
        + " acked-committed, messages, entries-sent, voters", errorOf("nodes 3\nat 0ms expect two-leaders\n"));
    assertEquals("t.txt:2: unknown invariant 'Safety'; valid: ElectionSafety, LeaderAppendOnly, LogMatching,"
        + " StateMachineSafety, LeaderCompleteness, TermMonotonic, SingleVotePerTerm, CommitIndexBounded,"
        + " CommitIndexMonotonic, CommittedOnMajority, AppliedCommitted, MatchIndexMonotonic, LeaderElectedByQuorum, OneConfigChangeInFlight, ConfigQuorumsOverlap, ConfigFromLog, Liveness, Linearizability",
        errorOf("nodes 3\nexpect violation Safety\n"));
  }

  @Test
  void scenarioLevelProblemsPointAtTheStep() {
    assertEquals("t.txt:4: node n4 does not exist (nodes n1..n3)",
        errorOf("nodes 3\n# comment\nat 0ms heal\nat 1s crash n4\n"));
    assertEquals("t.txt:3: label 'a' is used before a submission defines it",
        errorOf("nodes 3\nat 0ms heal\nthen expect committed-once a\nthen propose leader x=1 as a\n"));
    assertEquals("t.txt:3: label 'a' is defined twice",
        errorOf("nodes 3\nat 0ms propose leader x=1 as a\nthen propose leader x=2 as a\n"));
    assertEquals("t.txt:2: register B is used before 'remember B'", errorOf("nodes 3\nat 0ms isolate B+1\n"));
    assertEquals("t.txt:2: 'rest' only makes sense in a partition", errorOf("nodes 3\nat 0ms isolate rest\n"));
    assertEquals("t.txt:2: client operations need scripted clients (clients >= 1, no workload)",
        errorOf("workload 3\nat 0ms submit 3\n"));
    assertEquals("t.txt:2: step time 2000.0 ms is not before the time limit",
        errorOf("limit 1s\nat 2s heal\n"));
    assertEquals("t.txt:2: 'rest' cannot be a partition member next to others: rest is a group of its own",
        errorOf("nodes 3\nat 0ms partition n1 n2,rest\n"));
  }

  @Test
  void rewriteReplacesOnlyTheExpectedBlock() {
    String text = "# X: y\nnodes 3\n\nat 0ms show leader   # keep me\n\n----\nold\nlines\n";
    assertEquals("# X: y\nnodes 3\n\nat 0ms show leader   # keep me\n----\nnew\nok\n",
        ScenarioText.rewrite(text, List.of("new", "ok")));
    assertEquals("nodes 3\nat 0ms heal\n----\nok\n", ScenarioText.rewrite("nodes 3\nat 0ms heal\n\n", List.of("ok")));
  }

  @Test
  void theExpectedBlockIsComparedWithTheTranscript() {
    Scenario s = ScenarioText.parse("nodes 3\nat 0ms within 5s expect one-leader\nthen show terms\n----\nok\n", "t.txt");
    ScenarioResult r = ScenarioRunner.run(s);
    assertTrue(!r.passed());
    assertTrue(r.reason().startsWith("the transcript differs from the expected block at its line 1: expected 'ok',"
        + " got '"), r.reason());
    assertTrue(r.reason().endsWith("(run with --rewrite to accept the new transcript)"), r.reason());
    ScenarioResult again = ScenarioRunner.run(s.withExpectedOutput(r.transcript()));
    assertTrue(again.passed(), again.message());
  }

  @Test
  void durations() {
    assertEquals(250, ScenarioText.parseDuration("250us"));
    assertEquals(1_500, ScenarioText.parseDuration("1.5ms"));
    assertEquals(2_000_000, ScenarioText.parseDuration("2s"));
    assertEquals("2s", ScenarioText.duration(2_000_000));
    assertEquals("1500ms", ScenarioText.duration(1_500_000));
    assertEquals("1500us", ScenarioText.duration(1_500));
    assertThrows(IllegalArgumentException.class, () -> ScenarioText.parseDuration("0.5us"));
    assertThrows(IllegalArgumentException.class, () -> ScenarioText.parseDuration("1m"));
  }
}
