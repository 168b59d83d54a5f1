package dev.raftsim.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import org.junit.jupiter.api.Test;

/** Runs with crashes are unchanged by the implementation's journal compaction (its recovery: raft-model). */
class JournalCompactionTest {
  @Test
  void runsWithCrashesGiveTheSameDigestWithAndWithoutCompaction() {
    int compactedRuns = 0;
    for (long seed = 1; seed <= 6; seed++) {
      RunSpec spec = RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.CRASHES, 60_000_000);
      long[] compactions = {0};
      RaftCluster[] held = new RaftCluster[1];
      RunResult on = Simulator.run(spec, RunOptions.defaults(), c -> held[0] = c);
      for (int i = 0; i < spec.cluster().nodes(); i++) {
        compactions[0] += held[0].simulation().storage(i).compactions();
      }
      RunResult off = Simulator.run(spec, RunOptions.defaults(), c -> {
        for (int i = 0; i < spec.cluster().nodes(); i++) {
          c.simulation().storage(i).compactWith(null);
        }
      });
      assertEquals(off.digestHex(), on.digestHex(), "seed " + seed);
      assertEquals(off.events(), on.events());
      compactedRuns += compactions[0] > 0 ? 1 : 0;
    }
    assertTrue(compactedRuns >= 3, "compaction happened in " + compactedRuns + " of 6 runs");
  }
}
