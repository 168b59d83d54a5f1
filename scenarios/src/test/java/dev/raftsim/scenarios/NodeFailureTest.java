package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.catalogue.Catalogue;
import dev.raftsim.scenarios.catalogue.ScenarioResult;
import dev.raftsim.scenarios.catalogue.ScenarioRunner;
import dev.raftsim.sim.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the implementation under test throws is a finding (NodeAssertion), saved, shrunk to the same exception at
 * the same place and replayed exactly; raftsim's own exceptions stay errors; runs are cancellable and bounded.
 */
class NodeFailureTest {
  @TempDir Path dir;

  private static RunResult assertionFailure() {
    return Fixtures.firstFailure(200, PlantedBug.ACCEPT_STALE_APPEND);
  }

  @Test
  void anExceptionOfTheNodeIsAViolationAtTheEventItHappened() {
    RunResult r = assertionFailure();
    Violation v = r.violation();
    assertEquals(NodeFailure.INVARIANT, v.invariant());
    assertTrue(v.message().matches("n\\d threw IllegalStateException at RaftNode\\.onAppendEntries\\(RaftNode\\.java:\\d+\\):"
        + " node \\d.*"), v.message());
    assertEquals(r.events() - 1, v.eventIndex(), "the run stops after the event that threw");
    assertEquals(1, v.nodes().size());
    RunResult again = Simulator.run(r.spec());
    assertEquals(r.digest(), again.digest());
    assertEquals(v, again.violation());
  }

  @Test
  void theCounterexampleReplaysAndShrinksToTheSameExceptionAtTheSamePlace() throws Exception {
    RunResult r = assertionFailure();
    Path file = dir.resolve("cx.json");
    Counterexample.of(r, null).write(file);
    Counterexample cx = Counterexample.read(file);
    RunResult replay = Simulator.run(cx.spec());
    assertEquals(cx.expected().digest(), replay.digestHex());
    assertEquals(cx.expected().message(), replay.violation().message());

    Shrinker.Result s = new Shrinker(new Shrinker.Budget(300, 60_000)).shrink(r);
    assertEquals(NodeFailure.target(r.violation()), NodeFailure.target(s.shrunk().violation()));
    assertTrue(s.eventsAfter() <= s.eventsBefore());
    assertTrue(NodeFailure.target(s.shrunk().violation()).startsWith("NodeAssertion IllegalStateException at "
        + "RaftNode.onAppendEntries("), NodeFailure.target(s.shrunk().violation()));
  }

  @Test
  void theTargetTellsExceptionsAndPlacesApart() {
    Violation a = new Violation("NodeAssertion", "n1 threw IllegalStateException at RaftNode.f(RaftNode.java:3): x 1",
        5, 0, List.of(0));
    Violation b = new Violation("NodeAssertion", "n3 threw IllegalStateException at RaftNode.f(RaftNode.java:3): x 2",
        9, 0, List.of(2));
    Violation c = new Violation("NodeAssertion", "n1 threw IllegalStateException at RaftNode.g(RaftNode.java:8): x 1",
        5, 0, List.of(0));
    assertEquals(NodeFailure.target(a), NodeFailure.target(b), "other node, other numbers: the same finding");
    assertFalse(NodeFailure.target(a).equals(NodeFailure.target(c)));
    assertEquals("LogMatching", NodeFailure.target(new Violation("LogMatching", "x: y", 1, 1, List.of())));
  }

  @Test
  void aCampaignSavesItAndThePropertyRunnerReportsIt() {
    var found = RaftProperty.schedules(200).seed(1).bugs(PlantedBug.ACCEPT_STALE_APPEND).seconds(10).shrinkAttempts(100)
        .output(dir, "assertion").find();
    assertTrue(found.isPresent());
    assertEquals(NodeFailure.INVARIANT, found.get().invariant());
    assertTrue(Files.exists(found.get().counterexample()));
    assertTrue(found.get().events() <= found.get().foundEvents(), "the shrunk run is shown; the found one is its origin");
  }

  @Test
  void aCatalogueScenarioCatchesItAsANodeAssertion() {
    ScenarioResult r = ScenarioRunner.run(Catalogue.find("Rejoin").orElseThrow(), Set.of(PlantedBug.ACCEPT_STALE_APPEND));
    assertFalse(r.passed());
    assertNotNull(r.violation());
    assertEquals(NodeFailure.INVARIANT, r.violation().invariant());
  }

  @Test
  void theOtherPlantedBugsStillSwitchTheNodesAssertionsOff() {
    RunResult r = Fixtures.firstFailure(200, PlantedBug.TRUNCATE_ON_STALE_APPEND);
    assertFalse(NodeFailure.INVARIANT.equals(r.violation().invariant()), r.violation().toString());
  }

  @Test
  void raftsimsOwnExceptionsAreNotFindings() {
    RunSpec spec = Fixtures.swarm(3).withDuration(1_000_000);
    Consumer<dev.raftsim.scenarios.internal.RaftCluster> hostBug = c -> c.simulation().schedule(200_000, s -> {
      throw new IllegalStateException("a bug of raftsim's host");
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Simulator.run(spec, RunOptions.defaults(), hostBug));
    assertEquals("a bug of raftsim's host", e.getMessage());

    Throwable fromKernel = new IllegalArgumentException("kernel");
    fromKernel.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("java.util.Objects", "checkIndex", "Objects.java", 1),
        new StackTraceElement(Simulation.class.getName(), "send", "Simulation.java", 2)});
    assertFalse(NodeFailure.thrownByNode(fromKernel));
    Throwable fromNode = new IllegalStateException("node");
    fromNode.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("java.util.Objects", "checkIndex", "Objects.java", 1),
        new StackTraceElement("dev.raftsim.raft.RaftNode", "step", "RaftNode.java", 2)});
    assertTrue(NodeFailure.thrownByNode(fromNode));
  }

  @Test
  void timeThatStopsAdvancingEndsTheRunAsAnEventBudgetFinding() {
    RunSpec spec = Fixtures.swarm(4).withDuration(1_000_000);
    Consumer<dev.raftsim.scenarios.internal.RaftCluster> spin = c -> c.simulation().schedule(100_000, new Consumer<>() {
      @Override
      public void accept(Simulation<Object> s) {
        s.schedule(s.now(), this); // a host action that re-arms itself at the same instant for ever
      }
    });
    RunResult r = Simulator.run(spec, RunOptions.defaults(), spin);
    assertEquals(NodeFailure.BUDGET, r.violation().invariant());
    assertTrue(r.violation().message().startsWith("virtual time stopped advancing"), r.violation().message());
    assertTrue(r.events() <= Simulator.EVENTS_PER_INSTANT + 10_000, "events " + r.events());
  }

  @Test
  void aRunCanBeCancelledAndAnUnusedCancelChangesNothing() {
    RunSpec spec = Fixtures.swarm(5);
    RunResult plain = Simulator.run(spec);
    RunResult watched = Simulator.run(spec, RunOptions.defaults().withCancel(() -> false));
    assertEquals(plain.digest(), watched.digest());
    assertFalse(watched.cancelled());
    RunResult cancelled = Simulator.run(spec, RunOptions.defaults().withCancel(() -> true));
    assertTrue(cancelled.cancelled());
    assertTrue(cancelled.events() < plain.events());
    assertEquals(null, cancelled.violation());
  }

  @Test
  void anInterruptedCampaignStopsItsRunningSchedulesAndWritesItsSummary() throws Exception {
    CampaignConfig config = new CampaignConfig(1, 4, 2, 0, 1, ClusterConfig.defaults(), dev.raftsim.sim.FaultProfile.SWARM,
        3_600_000_000L, dir.resolve("long"), 10, true, Shrinker.Budget.DEFAULT);
    Campaign campaign = new Campaign(config, new Campaign.Listener() {});
    Thread stopper = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      campaign.requestStop();
    });
    stopper.start();
    var summary = campaign.run(); // one-hour schedules: returns only because the running simulations are cancelled
    stopper.join();
    assertEquals(true, summary.get("interrupted"));
    assertEquals(0L, ((Number) summary.get("schedules")).longValue());
    var onDisk = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("long/summary.json").toFile());
    assertTrue(onDisk.get("interrupted").asBoolean());
  }

  @Test
  void aFailingWorkerStopsTheCampaignAtOnce() {
    // Short schedules, so that the first finishes soon; its listener fails, and the other worker's schedules stop.
    CampaignConfig config = new CampaignConfig(1, 1000, 2, 0, 1, ClusterConfig.defaults(),
        dev.raftsim.sim.FaultProfile.SWARM, 200_000, dir.resolve("broken"), 10, true, Shrinker.Budget.DEFAULT);
    Campaign c = new Campaign(config, new Campaign.Listener() {
      @Override
      public void progress(long done, long total, long failures) {
        throw new IllegalStateException("listener bug");
      }
    });
    IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
    assertEquals("listener bug", e.getMessage());
  }

  @Test
  void everyClusterFieldHasALegalRange() {
    ClusterConfig d = ClusterConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(5, 3, 150_000, 300_000, 50_000, 40_000, 0, 3,
        true, 8, Set.of(), 5_000, 3_000_000, 2_000_000), "clientRetryMicros 0 would spin at one instant");
    assertThrows(IllegalArgumentException.class, () -> d.withMaxEntriesPerAppend(0));
    assertThrows(IllegalArgumentException.class, () -> d.withWritebackMicros(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withSnapshotEvery(-1));
    assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(5, 3, 150_000, 300_000, 50_000, 40_000,
        200_000, 3, true, 8, Set.of(), 5_000, 0, 2_000_000));
    assertThrows(IllegalArgumentException.class, () -> new ClusterConfig(5, 3, 150_000, 300_000, 50_000, 40_000,
        200_000, 3, true, 8, Set.of(), 5_000, 3_000_000, -1));
    assertThrows(IllegalArgumentException.class, () -> d.withTimeouts(150_000, Long.MAX_VALUE, 50_000));
    assertThrows(IllegalArgumentException.class,
        () -> new dev.raftsim.sim.NetworkParams(Long.MAX_VALUE, 0, 0, 0, false));
    assertThrows(IllegalArgumentException.class,
        () -> new dev.raftsim.sim.FaultPlan(dev.raftsim.sim.NetworkParams.calm(), List.of(), -1));
    assertThrows(IllegalArgumentException.class, () -> Fixtures.swarm(1).withDuration(Long.MAX_VALUE));
  }
}
