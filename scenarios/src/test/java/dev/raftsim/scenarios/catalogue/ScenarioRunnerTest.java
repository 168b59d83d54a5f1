package dev.raftsim.scenarios.catalogue;

import static dev.raftsim.scenarios.catalogue.Scenario.ms;
import static dev.raftsim.scenarios.catalogue.Scenario.seconds;
import static dev.raftsim.scenarios.catalogue.Target.leader;
import static dev.raftsim.scenarios.catalogue.Target.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

  private static ScenarioResult run(ScenarioBuilder b) {
    return ScenarioRunner.run(b.build());
  }

  @Test
  void aWrongExpectationFailsWithANamedReason() {
    ScenarioResult r = run(Scenario.named("Wrong").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader()
        .at(ms(1500)).expectNoLeader());
    assertFalse(r.passed());
    assertTrue(Pattern.matches("Wrong: at 1500\\.0 ms expected no leader, found n[123] \\(term 1\\) \\(terms: n1=1"
        + "(\\(leader\\))? n2=1(\\(leader\\))? n3=1(\\(leader\\))?\\)", r.message()), r.message());
    assertEquals("fail: " + r.reason(), r.transcript().get(r.transcript().size() - 1));
    assertEquals(ms(1500), r.simulatedMicros(), "the run stops at the failure");
  }

  @Test
  void theExampleOfTheIssueRunsAsWritten() {
    ScenarioResult r = run(Scenario.named("ReElection")
        .purpose("leader disconnected -> new leader; old leader rejoins without disruption").nodes(3)
        .at(ms(500)).expectOneLeader().at(ms(600)).isolateLeader().at(ms(1500)).expectOneLeader()
        .expectLeaderChanged());
    assertTrue(r.passed(), r.message());
    assertEquals(ms(1500), r.simulatedMicros(), "the run ends with its timeline");
  }

  @Test
  void aMissingLeaderFailsTheActionThatNeedsOne() {
    ScenarioResult r = run(Scenario.named("TooEarly").nodes(3).at(0).isolate(leader()));
    assertEquals("TooEarly: at 0.0 ms isolate leader: there is no leader (terms: n1=0 n2=0 n3=0)", r.message());
  }

  @Test
  void aDeadlineThatPassesSaysHowLongItWaited() {
    ScenarioResult r = run(Scenario.named("NoQuorum").nodes(3)
        .at(0).isolate(n(1)).then().isolate(n(2)).then().isolate(n(3))
        .at(ms(100)).within(seconds(1)).expectOneLeader());
    assertEquals("NoQuorum: at 1100.0 ms (waited 1s from 100.0 ms) expected exactly one leader, found none (terms:"
        + " n1=", r.message().substring(0, r.message().indexOf("n1=") + 3));
  }

  @Test
  void aTimelineLongerThanTheLimitFails() {
    ScenarioResult r = run(Scenario.named("Slow").nodes(3).limit(seconds(1))
        .at(0).within(seconds(5)).expectCommitted(1));
    assertEquals("Slow: the timeline did not finish within the time limit of 1s (stuck at step 1: at 0s within 5s"
        + " expect committed 1)", r.message());
  }

  @Test
  void leaderChangedComparesWithTheLeaderSeenBefore() {
    ScenarioResult same = run(Scenario.named("Same").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader()
        .after(ms(100)).expectLeaderChanged());
    assertTrue(same.reason().matches("at \\d+\\.\\d ms expected a new leader, but n[123] still leads .*"),
        same.reason());
    ScenarioResult changed = run(Scenario.named("Changed").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader()
        .then().crash(leader())
        .then().within(seconds(2)).expectOneLeader().then().expectLeaderChanged());
    assertTrue(changed.passed(), changed.message());
  }

  @Test
  void commandChecksSeeWhatCommitted() {
    ScenarioResult r = run(Scenario.named("Commands").nodes(3).clients(2)
        .at(0).within(seconds(2)).expectOneLeader()
        .then().propose(leader(), "x", "1").as("p")
        .then().append("y").as("a").then().append("y").as("b")
        .then().within(seconds(1)).expectCommittedOnce("p")
        .then().within(seconds(1)).expectCommittedOnce("a")
        .then().within(seconds(1)).expectCommittedOnce("b")
        .then().get("y").as("g")
        .then().within(seconds(1)).expectCommittedOnce("g")
        .then().expectCommitted(4).then().expectCommittedAt("p", 2)
        .then().within(seconds(1)).expectConverged().then().expectAckedCommitted());
    assertTrue(r.passed(), r.message());
    List<String> gets = r.run().history().stream().filter(h -> h.op() == dev.raftsim.raft.Op.GET)
        .map(h -> h.output()).toList();
    assertEquals(1, gets.size());
    assertTrue(gets.get(0).matches("1\\.1;2\\.1;|2\\.1;1\\.1;"), "both appends applied once before the get: " + gets);

    ScenarioResult wrongIndex = run(Scenario.named("WrongIndex").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader()
        .then().propose(leader(), "x", "1").as("p")
        .then().within(seconds(1)).expectCommittedAt("p", 1));
    assertTrue(wrongIndex.reason().endsWith("expected 'p' (put x=1 (c4#1)) committed at index 1, found it at index 2"),
        wrongIndex.reason());
  }

  @Test
  void anUncommittedProposalIsReportedAsSuch() {
    ScenarioResult r = run(Scenario.named("Minority").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader()
        .then().isolate(Target.marked())
        .then().propose(Target.marked(), "x", "lost").as("lost")
        .after(ms(500)).expectCommittedOnce("lost"));
    assertTrue(r.reason().matches("at \\d+\\.\\d ms expected 'lost' \\(put x=lost \\(c4#1\\)\\) committed, but it is"
        + " not in the committed log \\(commit: .*\\)"), r.reason());
  }

  @Test
  void messageBudgetsCountRequestsSinceTheMark() {
    ScenarioResult idle = run(Scenario.named("Idle").nodes(3)
        .at(0).within(seconds(2)).expectOneLeader().then().mark()
        .after(seconds(1)).expectMessagesAtMost(3));
    assertTrue(idle.reason().matches("at \\d+\\.\\d ms expected at most 3 RPCs \\(AppendEntries and RequestVote\\)"
        + " since the mark at \\d+\\.\\d ms, counted (39|40|41)"), idle.reason());
  }

  @Test
  void workloadClientsStopWhenTold() {
    ScenarioResult r = run(Scenario.named("Stop").nodes(3).workload(2)
        .at(seconds(1)).stopClients()
        .after(ms(500)).within(seconds(1)).expectConverged().then().expectAckedCommitted());
    assertTrue(r.passed(), r.message());
    long after = r.run().history().stream().filter(h -> h.invokeMicros() > seconds(1) + ms(200)).count();
    assertEquals(0, after, "no operation starts long after the clients were stopped");
    assertTrue(r.run().history().size() > 10, "the clients did work before");
  }

  @Test
  void scriptedClientsDoNothingOnTheirOwn() {
    ScenarioResult r = run(Scenario.named("Quiet").nodes(3).clients(3)
        .at(seconds(2)).expectCommitted(0));
    assertTrue(r.passed(), r.message());
    assertEquals(0, r.run().history().size());
  }
}
