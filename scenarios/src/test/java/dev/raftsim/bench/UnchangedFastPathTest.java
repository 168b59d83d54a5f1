package dev.raftsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.SafetyChecker;
import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.ReconfigKnobs;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.internal.RaftCluster;
import dev.raftsim.sim.FaultProfile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated cluster tells its checkers when an event left the touched server unchanged, or changed only a
 * leader's matchIndex for one peer, and they then skip re-reading it (performance shortcuts). It must never change a result: the same schedules, checked with the
 * shortcut and through a wrapper that hides it (so every event gets the full examination), must stop at the same
 * event with the same violation, or run to the end with none.
 */
class UnchangedFastPathTest {
  /**
   * Hides {@code afterUnchangedEvent} and {@code afterMatchIndexEvent}, so the host's hints fall back to the full
   * {@code afterEvent}.
   */
  private static SafetyChecker withoutShortcut(SafetyChecker c) {
    return new SafetyChecker() {
      @Override
      public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        return c.afterEvent(view, eventIndex, timeMicros, touchedNode);
      }

      @Override
      public Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
        return c.atEnd(view, eventIndex, timeMicros);
      }
    };
  }

  private static String outcome(RunSpec spec, SafetyChecker checker) {
    RaftCluster cluster = new RaftCluster(spec, checker, null);
    cluster.run();
    Violation v = cluster.violation();
    return cluster.simulation().eventCount() + " events, digest " + Long.toHexString(cluster.simulation().digest())
        + (v == null ? ", no violation" : ", " + v.invariant() + " at event " + v.eventIndex() + " ("
            + v.timeMicros() + " us) on " + v.nodes() + ": " + v.message());
  }

  @Test
  void theShortcutNeverChangesAResult() {
    List<EnumSet<PlantedBug>> bugSets = List.of(EnumSet.noneOf(PlantedBug.class),
        EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK), EnumSet.of(PlantedBug.TRUNCATE_ON_STALE_APPEND),
        EnumSet.of(PlantedBug.FORGET_VOTE_ON_RESTART), EnumSet.of(PlantedBug.COUNT_VOTES_NOT_VOTERS),
        EnumSet.of(PlantedBug.ACK_BEFORE_PERSIST), EnumSet.of(PlantedBug.MATCH_FROM_STALE_REPLY));
    FaultProfile[] profiles = {FaultProfile.DEFAULT, FaultProfile.CRASHES, FaultProfile.PARTITIONS, FaultProfile.SWARM};
    int violations = 0;
    int liveness = 0;
    int runs = 0;
    for (int b = 0; b < bugSets.size(); b++) {
      for (FaultProfile profile : profiles) {
        for (int seed = 1; seed <= 4; seed++) {
          RunSpec spec = RunSpec.generate(seed * 31L + b, ClusterConfig.defaults().withBugs(bugSets.get(b)), profile,
              4_000_000);
          // Tight liveness bounds on odd seeds, so that liveness verdicts (which depend on when they are judged)
          // are compared too.
          long heal = spec.plan().healAtMicros() == Long.MAX_VALUE ? 0 : spec.plan().healAtMicros();
          LivenessConfig live = seed % 2 == 1 ? new LivenessConfig(heal, 100_000, 2_000)
              : new LivenessConfig(heal, spec.cluster().leaderBoundMicros(), spec.cluster().commitBoundMicros());
          String fast = outcome(spec, Checkers.withLiveness(Checkers.incremental(), live));
          String full = outcome(spec, withoutShortcut(Checkers.withLiveness(Checkers.incremental(), live)));
          assertEquals(full, fast, "seed " + spec.seed() + ", " + profile.cliName() + ", bugs " + bugSets.get(b));
          runs++;
          violations += fast.contains("no violation") ? 0 : 1;
          liveness += fast.contains("Liveness") ? 1 : 0;
        }
      }
    }
    // Not vacuous: both kinds of verdict occur, and so do clean runs.
    assertTrue(violations > 5 && violations < runs, violations + " of " + runs + " runs found a violation");
    assertTrue(liveness > 0, "no liveness verdict was compared");
  }

  @Test
  void theShortcutNeverChangesAResultWithMembershipChanges() {
    // The host's membership liveness rides along in every run; here with spares, a busy reconfiguration client and
    // the membership bugs, under tight bounds on odd seeds.
    List<EnumSet<PlantedBug>> bugSets = List.of(EnumSet.noneOf(PlantedBug.class),
        EnumSet.of(PlantedBug.SINGLE_SERVER_CHANGE_BEFORE_COMMIT), EnumSet.of(PlantedBug.LEAVE_JOINT_EARLY),
        EnumSet.of(PlantedBug.MATCH_FROM_STALE_REPLY));
    int violations = 0;
    int liveness = 0;
    int membershipVerdicts = 0;
    int runs = 0;
    for (int b = 0; b < bugSets.size(); b++) {
      for (FaultProfile profile : new FaultProfile[] {FaultProfile.DEFAULT, FaultProfile.SWARM}) {
        for (int seed = 1; seed <= 9; seed++) {
          ClusterConfig config = ClusterConfig.defaults().withBugs(bugSets.get(b)).withSpares(seed % 3)
              .withReconfig(new ReconfigKnobs(20, ReconfigKnobs.Mix.BALANCED, 20));
          RunSpec spec = RunSpec.generate(seed * 17L + b, config, profile, 4_000_000);
          long heal = spec.plan().healAtMicros() == Long.MAX_VALUE ? 0 : spec.plan().healAtMicros();
          // On every third seed without the invariants' liveness checker, whose verdicts would otherwise come first.
          boolean alone = seed % 3 == 0;
          LivenessConfig live = seed % 2 == 1 || alone ? new LivenessConfig(heal, 100_000, 2_000)
              : new LivenessConfig(heal, spec.cluster().leaderBoundMicros(), spec.cluster().commitBoundMicros());
          String fast = outcome(spec, Checkers.firstOf(alone ? Checkers.incremental()
              : Checkers.withLiveness(Checkers.incremental(), live), RaftCluster.membershipLiveness(live)));
          String full = outcome(spec, withoutShortcut(Checkers.firstOf(alone ? Checkers.incremental()
              : Checkers.withLiveness(Checkers.incremental(), live), RaftCluster.membershipLiveness(live))));
          membershipVerdicts += fast.contains("did not complete") || fast.contains("a server outside the") ? 1 : 0;
          assertEquals(full, fast, "seed " + spec.seed() + ", " + profile.cliName() + ", bugs " + bugSets.get(b));
          runs++;
          violations += fast.contains("no violation") ? 0 : 1;
          liveness += fast.contains("Liveness") ? 1 : 0;
        }
      }
    }
    assertTrue(violations > 3 && violations < runs, violations + " of " + runs + " runs found a violation");
    assertTrue(liveness > 0, "no liveness verdict was compared");
    assertTrue(membershipVerdicts > 0, "no verdict of the membership liveness rules was compared");
  }

  @Test
  void theHostGivesBothHints() {
    // Not vacuous: a plain run gives each hint often, and the match hint names a peer other than the leader itself.
    int[] calls = new int[3];
    List<String> badPeers = new ArrayList<>();
    SafetyChecker counting = new SafetyChecker() {
      @Override
      public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        calls[0]++;
        return null;
      }

      @Override
      public Violation afterUnchangedEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        calls[1]++;
        return null;
      }

      @Override
      public Violation afterMatchIndexEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode,
          int peer) {
        calls[2]++;
        if (peer == touchedNode || peer < 0 || peer >= view.size() || view.role(touchedNode) != NodeRole.LEADER) {
          badPeers.add(touchedNode + "/" + peer);
        }
        return null;
      }
    };
    RunSpec spec = RunSpec.generate(5, ClusterConfig.defaults(), FaultProfile.DEFAULT, 4_000_000);
    new RaftCluster(spec, counting, null).run();
    int all = calls[0] + calls[1] + calls[2];
    assertTrue(calls[1] > all / 10 && calls[2] > all / 10, "full, unchanged, match-only: " + List.of(calls[0],
        calls[1], calls[2]));
    assertEquals(List.of(), badPeers);
  }

  @Test
  void checkersDeclineTheShortcutBeforeTheyHaveSeenTheCluster() {
    // The first event must be examined in full whatever the host says; a checker that never saw a node must look.
    DirectCluster c = new DirectCluster(5, 50, CheckCost.checkers());
    SafetyChecker fresh = Checkers.incremental();
    assertEquals(null, fresh.afterUnchangedEvent(view(c), 0, 0, 1));
    assertEquals(null, Checkers.incremental().afterMatchIndexEvent(view(c), 0, 0, 1, 2));
    List<String> seen = new ArrayList<>();
    SafetyChecker counting = new SafetyChecker() {
      @Override
      public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        seen.add("full " + touchedNode);
        return null;
      }
    };
    counting.afterUnchangedEvent(view(c), 0, 0, 2);
    assertEquals(List.of("full 2"), seen, "the default falls back to the full examination");
  }

  private static ClusterView view(DirectCluster c) {
    return c;
  }
}
