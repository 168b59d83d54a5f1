package org.example.tinyraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.junit.Invariant;
import dev.raftsim.junit.RaftSimProperty;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.ImplChoice;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.spi.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example's own Raft under raftsim: Raft's safety, liveness and linearizability, plus invariants of our own. */
class TinyRaftTest {

  /** A leader's log ends in an entry of its own term, or it is still replicating older ones: never beyond. */
  static final Invariant LEADER_TERM_NOT_BEHIND = Invariant.of("LeaderTermNotBehindLog", v -> {
    for (int n = 0; n < v.size(); n++) {
      if (v.isUp(n) && v.role(n) == dev.raftsim.invariants.NodeRole.LEADER
          && v.termAt(n, v.lastIndex(n)) > v.currentTerm(n)) {
        return false;
      }
    }
    return true;
  }, "a leader holds an entry from a term later than its own");

  @Test
  void tinyRaftIsSafeAndLiveUnderSwarmFaults() {
    RaftSimProperty.of(new TinyRaft()).nodes(5).faults(FaultProfile.SWARM).schedules(30).seed(7)
        .invariant(LEADER_TERM_NOT_BEHIND).check();
  }

  @Test
  void tinyRaftSurvivesCrashesAndRestarts() {
    RaftSimProperty.of(TinyRaft::new).nodes(3).faults(FaultProfile.CRASHES).schedules(30).seed(11).check();
  }

  @Test
  void theCounterWorkloadIsLinearizable() {
    RaftSimProperty.of(new TinyRaft()).nodes(3).faults(FaultProfile.PARTITIONS).workload(new CounterWorkload())
        .schedules(30).seed(5).check();
  }

  @Test
  void aWrongSequentialModelIsCaught() {
    // The same history judged against a model that never counts: the check must see that clients read totals.
    CounterWorkload right = new CounterWorkload();
    dev.raftsim.scenarios.Workload wrong = new dev.raftsim.scenarios.Workload() {
      @Override
      public String name() {
        return "counter-wrong-model";
      }

      @Override
      public dev.raftsim.spi.Operation next(int client, long seq, dev.raftsim.spi.Randomness random) {
        return right.next(client, seq, random);
      }

      @Override
      public dev.raftsim.scenarios.SequentialModel<Long> model() {
        return new dev.raftsim.scenarios.SequentialModel<>() {
          @Override
          public Long initial() {
            return 0L;
          }

          @Override
          public Step<Long> apply(Long s, dev.raftsim.spi.Operation op) {
            return new Step<>(s, "0");
          }
        };
      }
    };
    Optional<RaftSimProperty.Failure> f = RaftSimProperty.of(new TinyRaft()).nodes(3).faults(FaultProfile.NONE)
        .workload(wrong).schedules(3).seed(5).shrinkAttempts(50).output(java.nio.file.Path.of("target", "raftsim"),
            "wrong-model").find();
    assertTrue(f.isPresent(), "a model that disagrees with every add must be reported");
    assertEquals("Linearizability", f.get().invariant());
  }

  @Test
  void tinyRaftReallyWorks() {
    // Not a vacuous pass: under default faults it elects leaders, commits and answers clients, linearizably.
    RunSpec spec = RunSpec.generate(3, ClusterConfig.defaults(), FaultProfile.DEFAULT, 10_000_000)
        .withImpl(ImplChoice.named(new TinyRaft().name()));
    RaftSimProperty.of(new TinyRaft()); // registers it by name for this JVM
    RunResult r = Simulator.run(spec);
    assertEquals(null, r.violation());
    assertTrue(r.leadersElected() >= 1);
    assertTrue(r.opsCompleted() > 100, "client operations completed: " + r.opsCompleted());
    assertEquals("linearizable", r.linearizability());
  }

  @Test
  void itsOwnPlantedBugIsCaught() {
    Optional<RaftSimProperty.Failure> f = RaftSimProperty.of(new TinyRaft()).options(TinyRaft.VOTE_TWICE).nodes(5)
        .faults(FaultProfile.SWARM).schedules(200).seed(1).shrinkAttempts(100)
        .output(java.nio.file.Path.of("target", "raftsim"), "vote-twice").find();
    assertTrue(f.isPresent(), "voting twice in a term must break a safety property");
    assertTrue(java.util.Set.of("ElectionSafety", "SingleVotePerTerm").contains(f.get().invariant()),
        f.get().describe());
  }

  /** Used by the demonstration: the highest term any node has reached. */
  static long maxTerm(ClusterView v) {
    long t = 0;
    for (int n = 0; n < v.size(); n++) {
      if (v.isUp(n)) {
        t = Math.max(t, v.currentTerm(n));
      }
    }
    return t;
  }

  @Test
  void roleNamesMatch() {
    assertEquals(Role.LEADER.name(), dev.raftsim.invariants.NodeRole.LEADER.name());
  }
}
