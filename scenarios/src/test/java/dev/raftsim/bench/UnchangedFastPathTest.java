package dev.raftsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.IncrementalChecker;
import dev.raftsim.invariants.LivenessChecker;
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
 * The simulated cluster tells its checkers when an event left the touched server unchanged, changed only a leader's
 * matchIndex for one peer, or only appended to its log and moved its commit index and lastApplied, and they then
 * skip re-reading what did not change (performance shortcuts). It must never change a result: the same schedules,
 * checked with the shortcuts and through a wrapper that hides them (so every event gets the full examination), must
 * stop at the same event with the same violation, or run to the end with none.
 */
class UnchangedFastPathTest {
  /**
   * Hides {@code afterUnchangedEvent}, {@code afterMatchIndexEvent} and {@code afterAppendEvent}, so the host's hints
   * fall back to the full {@code afterEvent}.
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

  /** {@code spec}'s outcome with the host's hints, after asserting that the full examination gives the same one. */
  private static String sameWithAndWithoutHints(RunSpec spec, java.util.function.Supplier<SafetyChecker> checker,
      String where) {
    String fast = outcome(spec, checker.get());
    assertEquals(outcome(spec, withoutShortcut(checker.get())), fast, where);
    return fast;
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
          String fast = sameWithAndWithoutHints(spec, () -> Checkers.withLiveness(Checkers.incremental(), live),
              "seed " + spec.seed() + ", " + profile.cliName() + ", bugs " + bugSets.get(b));
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
          String fast = sameWithAndWithoutHints(spec, () -> Checkers.firstOf(alone ? Checkers.incremental()
              : Checkers.withLiveness(Checkers.incremental(), live), RaftCluster.membershipLiveness(live)),
              "seed " + spec.seed() + ", " + profile.cliName() + ", bugs " + bugSets.get(b));
          membershipVerdicts += fast.contains("did not complete") || fast.contains("a server outside the") ? 1 : 0;
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

  /**
   * Two instances of the incremental and the liveness checker side by side: one is given the host's append hint, the
   * other the full examination of the same event (both get the other hints as the host gives them), and after every
   * event both must return the same and the incremental ones must have found the same violations.
   */
  private static final class AppendTwin implements SafetyChecker {
    final IncrementalChecker hintedSafety = new IncrementalChecker();
    final IncrementalChecker fullSafety = new IncrementalChecker();
    final LivenessChecker hintedLive;
    final LivenessChecker fullLive;
    final List<String> mismatches = new ArrayList<>();
    int appendHints;

    AppendTwin(LivenessConfig live) {
      hintedLive = new LivenessChecker(live);
      fullLive = new LivenessChecker(live);
    }

    private static Violation first(Violation a, Violation b) {
      return a != null ? a : b;
    }

    /** Compares the two instances' answers to one event (a difference may show only after the hinted one). */
    private Violation compare(long eventIndex, int touchedNode, Violation hs, Violation hl, Violation fs,
        Violation fl) {
      if (!java.util.Objects.equals(hs, fs) || !java.util.Objects.equals(hl, fl)
          || !hintedSafety.violationsOfLastEvent().equals(fullSafety.violationsOfLastEvent())) {
        mismatches.add("event " + eventIndex + " on " + touchedNode + ": " + hs + " / " + hl + " vs " + fs + " / "
            + fl);
      }
      return first(hs, hl);
    }

    @Override
    public Violation afterEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      return compare(eventIndex, touchedNode, hintedSafety.afterEvent(view, eventIndex, timeMicros, touchedNode),
          hintedLive.afterEvent(view, eventIndex, timeMicros, touchedNode),
          fullSafety.afterEvent(view, eventIndex, timeMicros, touchedNode),
          fullLive.afterEvent(view, eventIndex, timeMicros, touchedNode));
    }

    @Override
    public Violation afterUnchangedEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      return compare(eventIndex, touchedNode,
          hintedSafety.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode),
          hintedLive.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode),
          fullSafety.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode),
          fullLive.afterUnchangedEvent(view, eventIndex, timeMicros, touchedNode));
    }

    @Override
    public Violation afterMatchIndexEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode,
        int peer) {
      return compare(eventIndex, touchedNode,
          hintedSafety.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer),
          hintedLive.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer),
          fullSafety.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer),
          fullLive.afterMatchIndexEvent(view, eventIndex, timeMicros, touchedNode, peer));
    }

    @Override
    public Violation afterAppendEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
      appendHints++;
      return compare(eventIndex, touchedNode,
          hintedSafety.afterAppendEvent(view, eventIndex, timeMicros, touchedNode),
          hintedLive.afterAppendEvent(view, eventIndex, timeMicros, touchedNode),
          fullSafety.afterEvent(view, eventIndex, timeMicros, touchedNode),
          fullLive.afterEvent(view, eventIndex, timeMicros, touchedNode));
    }

    @Override
    public Violation atEnd(ClusterView view, long eventIndex, long timeMicros) {
      Violation a = first(hintedSafety.atEnd(view, eventIndex, timeMicros), hintedLive.atEnd(view, eventIndex,
          timeMicros));
      Violation b = first(fullSafety.atEnd(view, eventIndex, timeMicros), fullLive.atEnd(view, eventIndex,
          timeMicros));
      if (!java.util.Objects.equals(a, b)) {
        mismatches.add("at the end: " + a + " vs " + b);
      }
      return a;
    }
  }

  @Test
  void theAppendHintGivesWhatTheFullExaminationGivesAfterEveryEvent() {
    List<EnumSet<PlantedBug>> bugSets = List.of(EnumSet.noneOf(PlantedBug.class),
        EnumSet.of(PlantedBug.TRUNCATE_ON_STALE_APPEND), EnumSet.of(PlantedBug.FORGET_VOTE_ON_RESTART),
        EnumSet.of(PlantedBug.ACK_BEFORE_PERSIST), EnumSet.of(PlantedBug.MATCH_FROM_STALE_REPLY),
        EnumSet.of(PlantedBug.SINGLE_SERVER_CHANGE_BEFORE_COMMIT), EnumSet.of(PlantedBug.LEAVE_JOINT_EARLY));
    FaultProfile[] profiles = {FaultProfile.DEFAULT, FaultProfile.CRASHES, FaultProfile.SWARM};
    long hints = 0;
    int violations = 0;
    int runs = 0;
    for (int b = 0; b < bugSets.size(); b++) {
      for (FaultProfile profile : profiles) {
        for (int seed = 1; seed <= 4; seed++) {
          ClusterConfig config = ClusterConfig.defaults().withBugs(bugSets.get(b));
          if (seed % 2 == 0) { // membership changes on even seeds
            config = config.withSpares(seed % 3 + 1)
                .withReconfig(new ReconfigKnobs(20, ReconfigKnobs.Mix.BALANCED, 20));
          }
          RunSpec spec = RunSpec.generate(seed * 13L + b, config, profile, 4_000_000);
          long heal = spec.plan().healAtMicros() == Long.MAX_VALUE ? 0 : spec.plan().healAtMicros();
          LivenessConfig live = seed % 2 == 1 ? new LivenessConfig(heal, 100_000, 2_000)
              : new LivenessConfig(heal, spec.cluster().leaderBoundMicros(), spec.cluster().commitBoundMicros());
          AppendTwin twin = new AppendTwin(live);
          String fast = outcome(spec, twin);
          assertEquals(List.of(), twin.mismatches, "seed " + spec.seed() + ", " + profile.cliName() + ", bugs "
              + bugSets.get(b));
          hints += twin.appendHints;
          runs++;
          violations += fast.contains("no violation") ? 0 : 1;
        }
      }
    }
    assertTrue(hints > 10_000, hints + " append hints compared");
    assertTrue(violations > 3 && violations < runs, violations + " of " + runs + " runs found a violation");
  }

  @Test
  void theHostGivesBothHints() {
    // Not vacuous: a plain run gives each hint often, and the match hint names a peer other than the leader itself.
    int[] calls = new int[4];
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

      @Override
      public Violation afterAppendEvent(ClusterView view, long eventIndex, long timeMicros, int touchedNode) {
        calls[3]++;
        return null;
      }
    };
    RunSpec spec = RunSpec.generate(5, ClusterConfig.defaults(), FaultProfile.DEFAULT, 4_000_000);
    new RaftCluster(spec, counting, null).run();
    int all = calls[0] + calls[1] + calls[2] + calls[3];
    assertTrue(calls[1] > all / 10 && calls[2] > all / 10 && calls[3] > all / 5, "full, unchanged, match-only, "
        + "append-only: " + List.of(calls[0], calls[1], calls[2], calls[3]));
    assertEquals(List.of(), badPeers);
  }

  @Test
  void checkersDeclineTheShortcutBeforeTheyHaveSeenTheCluster() {
    // The first event must be examined in full whatever the host says; a checker that never saw a node must look.
    DirectCluster c = new DirectCluster(5, 50, CheckCost.checkers());
    SafetyChecker fresh = Checkers.incremental();
    assertEquals(null, fresh.afterUnchangedEvent(view(c), 0, 0, 1));
    assertEquals(null, Checkers.incremental().afterMatchIndexEvent(view(c), 0, 0, 1, 2));
    assertEquals(null, Checkers.incremental().afterAppendEvent(view(c), 0, 0, 1));
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
