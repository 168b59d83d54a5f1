package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.testimpl.ExecutorRaft;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosting through the SPI: raftsim's own implementation is found by name and is the default, a second
 * implementation at the SPI's other end (its own executor tasks, the host's standard client protocol) runs clean,
 * and what an implementation does wrong (throw, call after a crash, read the wall clock) becomes a finding.
 */
class SpiHostingTest {
  @TempDir Path dir;

  private static RunSpec spec(long seed, FaultProfile profile, ImplChoice impl) {
    return RunSpec.generate(seed, ClusterConfig.defaults(), profile, 6_000_000).withImpl(impl);
  }

  @Test
  void raftsimIsDiscoveredByNameAndIsTheDefault() {
    assertTrue(ImplementationCatalog.names().contains("raftsim"), ImplementationCatalog.names().toString());
    assertTrue(ImplementationCatalog.names().contains(ExecutorRaft.NAME), ImplementationCatalog.names().toString());
    RunSpec plain = RunSpec.generate(11, ClusterConfig.defaults(), FaultProfile.SWARM, 10_000_000);
    RunSpec named = plain.withImpl(ImplChoice.named("raftsim"));
    assertEquals(Simulator.run(plain).digestHex(), Simulator.run(named).digestHex());
  }

  @Test
  void anUnknownImplementationIsOneLineNamingThoseFound() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ImplementationCatalog.require("nosuch"));
    assertTrue(e.getMessage().contains("raftsim") && e.getMessage().contains(ExecutorRaft.NAME), e.getMessage());
  }

  @Test
  void anExecutorStyleImplementationWithTheStandardClientRunsCleanAndRepeats() {
    int committed = 0;
    for (long seed = 1; seed <= 4; seed++) {
      RunSpec s = spec(seed, seed % 2 == 0 ? FaultProfile.CRASHES : FaultProfile.SWARM,
          ImplChoice.named(ExecutorRaft.NAME));
      RunResult a = Simulator.run(s);
      assertNull(a.violation(), () -> "seed " + s.seed() + ": " + a.violation());
      assertNotEquals("violated", a.linearizability());
      assertTrue(a.leadersElected() > 0, "seed " + seed + " elected no leader");
      committed += a.commandsCommitted();
      assertEquals(a.digestHex(), Simulator.run(s).digestHex(), "same spec, same digest");
      assertTrue(DeterminismCheck.check(s).deterministic());
    }
    assertTrue(committed > 0, "clients of the standard protocol got nothing committed");
  }

  @Test
  void aThrowIsAnImplementationErrorThatReplaysFromItsFile() throws Exception {
    RunSpec s = spec(3, FaultProfile.NONE, new ImplChoice(ExecutorRaft.NAME, Set.of(ExecutorRaft.THROW)));
    RunResult r = Simulator.run(s);
    assertNotNull(r.violation(), "the planted throw was not reported");
    assertEquals(RaftCluster.IMPLEMENTATION_ERROR, r.violation().invariant());
    int n = r.violation().nodes().get(0) + 1;
    assertTrue(r.violation().message().startsWith("n" + n + " threw IllegalStateException at ")
        && r.violation().message().endsWith(": planted: heartbeat 5 of n" + n), r.violation().message());
    Path file = dir.resolve("impl-error.json");
    Counterexample.of(r, null).write(file);
    Counterexample back = Counterexample.read(file);
    assertEquals(s.impl(), back.spec().impl());
    assertEquals("1.0-test", back.implVersion());
    RunResult again = Simulator.run(back.spec());
    assertEquals(r.digestHex(), again.digestHex());
    assertEquals(r.violation(), again.violation());
  }

  @Test
  void aCallThroughACrashedIncarnationsHostBreaksTheContract() {
    RunResult found = null;
    for (long seed = 1; seed <= 20 && found == null; seed++) {
      RunResult r = Simulator.run(spec(seed, FaultProfile.CRASHES,
          new ImplChoice(ExecutorRaft.NAME, Set.of(ExecutorRaft.AFTER_CRASH))));
      if (r.violation() != null) {
        found = r;
      }
    }
    assertNotNull(found, "no crash and restart in 20 schedules of the crashes profile");
    assertEquals(RaftCluster.IMPLEMENTATION_ERROR, found.violation().invariant());
    assertTrue(found.violation().message().startsWith("implementation error at event ") && found.violation().message()
        .contains("broke the SPI contract: called send after it crashed"), found.violation().message());
  }

  @Test
  void theWallClockIsLocatedAtTheFirstEventThatDiffers() {
    RunSpec s = spec(3, FaultProfile.NONE, new ImplChoice(ExecutorRaft.NAME, Set.of(ExecutorRaft.WALL_CLOCK)));
    DeterminismCheck.Outcome o = DeterminismCheck.check(s);
    assertFalse(o.deterministic());
    assertNotNull(o.difference());
    String line = o.difference().describe();
    assertTrue(line.startsWith("first difference at event " + o.difference().eventIndex()), line);
    // Election timers are where the wall clock leaks in: the first difference is a node's executor timer firing.
    assertTrue(o.difference().event().contains("timer"), line);
  }

  @Test
  void raftsimsOwnRunsAgreeEventByEvent() {
    RunSpec s = RunSpec.generate(5, ClusterConfig.defaults().withBugs(Set.of(PlantedBug.FIGURE8_COMMIT)),
        FaultProfile.SWARM, 4_000_000);
    DeterminismCheck.Outcome o = DeterminismCheck.check(s);
    assertTrue(o.deterministic(), () -> o.difference().describe());
    assertEquals(Simulator.run(s).digestHex(), o.first().digestHex(), "recording the trace changes nothing");
  }
}
