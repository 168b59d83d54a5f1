package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.TimedFault;
import dev.raftsim.spi.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {
  @Test
  void healthyFiveNodeClusterElectsOneLeaderAndCommitsASteadyStream() {
    RunResult r = Simulator.run(RunSpec.generate(1, ClusterConfig.defaults(), FaultProfile.NONE, 10_000_000));
    assertNull(r.violation());
    assertEquals(1, r.leadersElected());
    assertTrue(r.commandsCommitted() >= 200, "committed " + r.commandsCommitted());
    assertEquals("linearizable", r.linearizability());
    assertTrue(r.firstLeaderMicros() > 0 && r.firstLeaderMicros() < 1_000_000);
  }

  @Test
  void defaultProfileKeepsCommitting() {
    for (long seed = 1; seed <= 5; seed++) {
      RunResult r = Simulator.run(RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.DEFAULT, 30_000_000));
      assertNull(r.violation(), "seed " + seed);
      assertTrue(r.commandsCommitted() >= 50, "seed " + seed + " committed " + r.commandsCommitted());
    }
  }

  @Test
  void crashedLeaderIsReplacedAndRestartedNodeCatchesUp() {
    ClusterConfig c = ClusterConfig.defaults();
    FaultPlan plan = new FaultPlan(NetworkParams.calm(), List.of(
        new TimedFault(2_000_000, new Fault.CrashPrimary()),
        new TimedFault(4_000_000, new Fault.RestartPrimary())), Long.MAX_VALUE);
    RunSpec spec = new RunSpec(7, c, plan, 6_000_000, "scripted");
    dev.raftsim.scenarios.internal.RaftCluster[] holder = new dev.raftsim.scenarios.internal.RaftCluster[1];
    RunResult r = Simulator.run(spec, RunOptions.defaults(), cl -> holder[0] = cl);
    assertNull(r.violation());
    assertTrue(r.leadersElected() >= 2, "a new leader replaced the crashed one");
    var cluster = holder[0];
    int leader = cluster.currentLeader();
    assertTrue(leader >= 0);
    for (int i = 0; i < c.nodes(); i++) {
      assertTrue(cluster.isUp(i));
      assertTrue(cluster.node(leader).commitIndex() - cluster.node(i).commitIndex() <= 5,
          "n" + (i + 1) + " caught up: " + cluster.node(i).commitIndex() + " vs " + cluster.node(leader).commitIndex());
    }
    assertEquals(Role.LEADER, cluster.node(leader).role());
  }

  @Test
  void historyRecordsEveryInvocationAndCompletion() {
    RunResult r = Simulator.run(RunSpec.generate(3, ClusterConfig.defaults(), FaultProfile.NONE, 3_000_000));
    assertTrue(r.history().size() > 10);
    for (HistoryOp op : r.history()) {
      assertTrue(op.invokeMicros() >= 0);
      if (op.completed()) {
        assertTrue(op.completeMicros() >= op.invokeMicros());
      }
    }
  }
}
