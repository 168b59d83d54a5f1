package dev.raftsim.scenarios.coverage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.CoveragePoint;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.FaultProfile;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageRunTest {
  private static RunCoverage covered(RunSpec spec, boolean states) {
    RaftCluster[] host = new RaftCluster[1];
    Simulator.run(spec, RunOptions.defaults(), c -> {
      host[0] = c;
      c.coverageTracker().setAbstractStates(states);
    });
    return host[0].coverage();
  }

  @Test
  void aRunsCoverageIsDeterministicAndLeavesTheRunAlone() {
    RunSpec spec = RunSpec.generate(42, ClusterConfig.defaults(), FaultProfile.CRASHES, 5_000_000);
    RunCoverage a = covered(spec, true);
    RunCoverage b = covered(spec, true);
    assertArrayEquals(a.modelHits(), b.modelHits());
    assertArrayEquals(a.hostHits(), b.hostHits());
    assertArrayEquals(a.states(), b.states());
    assertTrue(a.states().length > 10, "states: " + a.states().length);
    RunCoverage off = covered(spec, false);
    assertArrayEquals(a.modelHits(), off.modelHits(), "abstract states must not change what the model does");
    assertEquals(0, off.states().length);
    RunResult plain = Simulator.run(spec);
    RaftCluster[] host = new RaftCluster[1];
    assertEquals(plain.digest(), Simulator.run(spec, RunOptions.defaults(), c -> host[0] = c).digest());
  }

  @Test
  void aCrashScheduleHitsElectionReplicationRestartAndClientPoints() {
    Set<String> hit = new HashSet<>();
    for (long seed = 1; seed <= 6; seed++) {
      RunCoverage c = covered(RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.CRASHES, 5_000_000), true);
      for (int p = 0; p < RunCoverage.POINTS; p++) {
        if (c.hits(p) > 0) {
          hit.add(RunCoverage.pointName(p));
        }
      }
    }
    for (String p : new String[] {"election.started", "election.won", "vote.granted", "append.heartbeat-accepted",
        "append.entries-appended", "leader.commit-advanced", "follower.commit-advanced", "apply.entries",
        "restart.restored-nonempty-log", "restart.restored-vote", "fault.crash", "fault.restart",
        "client.retry-timeout", "cluster.all-logs-equal-and-committed"}) {
      assertTrue(hit.contains(p), p + " not hit; hit: " + hit);
    }
    assertTrue(hit.size() >= 30, hit.size() + " points");
  }

  @Test
  void isolatingTheLeaderIsSeen() {
    int isolate = CoveragePoint.COUNT + HostPoint.ISOLATE.ordinal();
    int isolateLeader = CoveragePoint.COUNT + HostPoint.ISOLATE_LEADER.ordinal();
    long isolations = 0;
    long ofLeader = 0;
    for (long seed = 1; seed <= 200; seed++) {
      RunCoverage c = covered(RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.PARTITIONS, 5_000_000), false);
      isolations += c.hits(isolate);
      ofLeader += c.hits(isolateLeader);
    }
    assertTrue(isolations > 0, "the partitions profile isolated no node in 200 schedules");
    assertTrue(ofLeader > 0 && ofLeader <= isolations, ofLeader + " leader isolations of " + isolations);
    long crashesOfLeader = 0;
    for (long seed = 1; seed <= 20 && crashesOfLeader == 0; seed++) {
      RunCoverage c = covered(RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.CRASHES, 5_000_000), false);
      crashesOfLeader += c.hits(CoveragePoint.COUNT + HostPoint.CRASH_LEADER.ordinal());
    }
    assertTrue(crashesOfLeader > 0, "no leader crashed in 20 crash schedules");
  }

  @Test
  void bugOnlyPointsShowOnlyWithTheirBug() {
    int p = CoveragePoint.LEADER_COMMIT_OLD_TERM_DIRECTLY.ordinal();
    long withBug = 0;
    long without = 0;
    for (long seed = 1; seed <= 30 && withBug == 0; seed++) {
      RunSpec spec = RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.SWARM, 6_000_000);
      without += covered(spec, false).modelHits()[p];
      withBug += covered(spec.withCluster(spec.cluster().withBugs(EnumSet.of(PlantedBug.FIGURE8_COMMIT))), false)
          .modelHits()[p];
    }
    assertEquals(0, without);
    assertTrue(withBug > 0, "figure8-commit never committed an old-term entry directly in 30 schedules");
    assertTrue(!CoveragePoint.LEADER_COMMIT_OLD_TERM_DIRECTLY.sometimes());
  }

  /** Runs of campaign 1's schedules until {@code point} is hit under {@code bug}; hits in the same specs without it. */
  private static long[] nearMissHits(HostPoint point, PlantedBug bug, int schedules) {
    long withBug = 0;
    long without = 0;
    for (long i = 0; i < schedules && withBug == 0; i++) {
      RunSpec spec = RunSpec.generate(dev.raftsim.scenarios.Campaign.scheduleSeed(1, i), ClusterConfig.defaults(),
          FaultProfile.SWARM, 10_000_000);
      without += covered(spec, true).hostHits()[point.ordinal()];
      withBug += covered(spec.withCluster(spec.cluster().withBugs(EnumSet.of(bug))), true)
          .hostHits()[point.ordinal()];
    }
    return new long[] {withBug, without};
  }

  @Test
  void nearMissesShowUnderTheirBugsAndNotOnTheCorrectModel() {
    assertTrue(HostPoint.COMMITTED_AT_RISK.nearMiss() && !HostPoint.COMMITTED_AT_RISK.sometimes());
    long[] atRisk = nearMissHits(HostPoint.COMMITTED_AT_RISK, PlantedBug.FIGURE8_COMMIT, 200);
    assertTrue(atRisk[0] > 0, "figure8-commit never put a committed entry at risk in 200 schedules");
    assertEquals(0, atRisk[1]);
    long[] missed = nearMissHits(HostPoint.READ_MISSED_EARLIER_ENTRY, PlantedBug.LEASE_WITHOUT_CHECKQUORUM, 400);
    assertTrue(missed[0] > 0, "lease-without-checkquorum never served a read missing an earlier entry");
    assertEquals(0, missed[1]);
    long[] write = nearMissHits(HostPoint.READ_MISSED_WRITE_TO_KEY, PlantedBug.LEASE_WITHOUT_CHECKQUORUM, 200);
    assertTrue(write[0] > 0, "lease-without-checkquorum never served a read missing an earlier write to its key");
    assertEquals(0, write[1]);
  }

  /**
   * A near miss's first hit is timed (a guided campaign nudges the schedule there), and the read near misses nest:
   * missing a write to the key read is missing a client's write, which is missing an entry applied before the read.
   */
  @Test
  void nearMissesAreTimedAndTheReadOnesNest() {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.LEASE_WITHOUT_CHECKQUORUM));
    int keyed = 0;
    for (long i = 0; i < 200 && keyed == 0; i++) {
      RunSpec spec = RunSpec.generate(dev.raftsim.scenarios.Campaign.scheduleSeed(1, i), buggy, FaultProfile.SWARM,
          10_000_000);
      RunCoverage c = covered(spec, true);
      for (HostPoint p : HostPoint.values()) {
        long at = c.hostFirstMicros()[p.ordinal()];
        if (p.nearMiss()) {
          assertEquals(c.hostHits()[p.ordinal()] > 0, at >= 0, p.pointName() + " hit without a time, or timed unhit");
          assertTrue(at < spec.durationMicros());
        }
      }
      int[] h = c.hostHits();
      for (HostPoint p : new HostPoint[] {HostPoint.READ_SERVED_BESIDE_NEWER_LEADER,
          HostPoint.READ_MISSED_EARLIER_ENTRY, HostPoint.READ_MISSED_WRITE_TO_KEY}) {
        // A stale read names the server that answered it: a guided campaign keeps that server cut off.
        int server = c.hostFirstNode()[p.ordinal()];
        assertEquals(h[p.ordinal()] > 0, server >= 0, p.pointName() + " names no server, or names one unhit");
        assertTrue(server < spec.cluster().nodes());
      }
      assertEquals(-1, c.hostFirstNode()[HostPoint.COMMITTED_AT_RISK.ordinal()], "an entry at risk names no node");
      if (h[HostPoint.READ_MISSED_WRITE_TO_KEY.ordinal()] > 0) {
        keyed++;
        assertTrue(h[HostPoint.READ_MISSED_CLIENT_WRITE.ordinal()] >= h[HostPoint.READ_MISSED_WRITE_TO_KEY.ordinal()]);
        assertTrue(h[HostPoint.READ_MISSED_EARLIER_ENTRY.ordinal()] >= h[HostPoint.READ_MISSED_CLIENT_WRITE.ordinal()]);
        assertTrue(c.hostFirstMicros()[HostPoint.READ_MISSED_EARLIER_ENTRY.ordinal()]
            <= c.hostFirstMicros()[HostPoint.READ_MISSED_WRITE_TO_KEY.ordinal()]);
      }
    }
    assertTrue(keyed > 0, "no schedule of 200 missed a write to the key it read");
  }
}
