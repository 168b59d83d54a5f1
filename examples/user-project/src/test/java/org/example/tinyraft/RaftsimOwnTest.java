package org.example.tinyraft;

import dev.raftsim.junit.RaftSimProperty;
import dev.raftsim.sim.FaultProfile;
import org.junit.jupiter.api.Test;

/** raftsim's own Raft, under the same property harness a user's implementation gets. */
class RaftsimOwnTest {
  @Test
  void raftsimsOwnRaftIsSafeUnderSwarmFaults() {
    RaftSimProperty.raftsim().nodes(3).faults(FaultProfile.SWARM).schedules(20).seed(42).seconds(5).check();
  }
}
