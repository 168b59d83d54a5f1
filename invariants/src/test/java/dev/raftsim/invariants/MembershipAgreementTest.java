package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * CheckerAgreementTest for views that report membership: random histories with configuration changes (learners,
 * promotions, single-server changes, joint consensus, spares), clean and corrupted; the two checkers must report the
 * same invariants on every event up to the first violation, and clean histories must trip nothing.
 */
class MembershipAgreementTest {
  private static final int HISTORIES = 2000;
  private static final int STEPS = 300;

  private record Outcome(List<String> firstBroken, long events, int highestCommit, int configChanges) {}

  private static Outcome runHistory(long seed, int size, long voters, int corruptPermille) {
    IncrementalChecker incremental = new IncrementalChecker();
    ReferenceChecker reference = new ReferenceChecker();
    long[] event = {0};
    List<?>[] broken = {List.of()};
    HistoryGenerator generator = new HistoryGenerator(seed, size, voters, corruptPermille, (cluster, touched) -> {
      long e = event[0]++;
      Violation a = incremental.afterEvent(cluster, e, e * 1_000, touched);
      Violation b = reference.afterEvent(cluster, e, e * 1_000, touched);
      List<String> incNames = Run.namesOf(incremental.violationsOfLastEvent());
      List<String> refNames = Run.namesOf(reference.violationsOfLastEvent());
      assertEquals(refNames, incNames, () -> "seed " + seed + " (size " + size + ", corruption " + corruptPermille
          + "), event " + e + ", touched " + touched + ": incremental " + incremental.violationsOfLastEvent()
          + " vs reference " + reference.violationsOfLastEvent());
      assertEquals(a == null, b == null);
      if (a == null) {
        return false;
      }
      broken[0] = incNames;
      return true;
    });
    generator.run(STEPS);
    int highestCommit = 0;
    for (FakeCluster.Node node : generator.cluster().nodes) {
      highestCommit = Math.max(highestCommit, node.commit);
    }
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) broken[0];
    return new Outcome(names, event[0], highestCommit, generator.configChanges());
  }

  private static int size(int h) {
    return 3 + h % 3; // 3, 4 or 5 servers, of which the first 2 or 3 start as voters
  }

  private static long initialVoters(int h) {
    return size(h) == 3 ? 0b11 : 0b111;
  }

  @Test
  void incrementalAndReferenceAgreeOnEveryEventOfRandomMembershipHistories() {
    TreeMap<String, Integer> firstBroken = new TreeMap<>();
    int brokenHistories = 0;
    for (int h = 0; h < HISTORIES; h++) {
      Outcome o = runHistory(0x3e3b0000L + h, size(h), initialVoters(h), 4 + (h % 7) * 4);
      if (!o.firstBroken().isEmpty()) {
        brokenHistories++;
        for (String name : o.firstBroken()) {
          firstBroken.merge(name, 1, Integer::sum);
        }
      }
    }
    for (String invariant : List.of(Checkers.LEADER_ELECTED_BY_QUORUM, Checkers.ONE_CONFIG_CHANGE_IN_FLIGHT,
        Checkers.CONFIG_QUORUMS_OVERLAP, Checkers.CONFIG_FROM_LOG, Checkers.COMMITTED_ON_MAJORITY,
        Checkers.STATE_MACHINE_SAFETY, Checkers.LEADER_COMPLETENESS)) {
      assertTrue(firstBroken.getOrDefault(invariant, 0) >= 5,
          invariant + " was broken first in too few histories: " + firstBroken);
    }
    assertTrue(brokenHistories > HISTORIES / 4 && brokenHistories < HISTORIES,
        brokenHistories + " of " + HISTORIES + " histories broke something: " + firstBroken);
  }

  @Test
  void cleanMembershipHistoriesTripNothing() {
    int progressed = 0;
    int reconfigured = 0;
    int histories = 600;
    for (int h = 0; h < histories; h++) {
      long seed = 0xc1e30000L + h;
      Outcome o = runHistory(seed, size(h), initialVoters(h), 0);
      assertEquals(List.of(), o.firstBroken(), "seed " + seed + " (size " + size(h) + ")");
      if (o.highestCommit() >= 3) {
        progressed++;
      }
      if (o.configChanges() >= 2) {
        reconfigured++;
      }
    }
    assertTrue(progressed > histories / 2, "only " + progressed + " of " + histories + " committed 3+ entries");
    assertTrue(reconfigured > histories / 3, "only " + reconfigured + " of " + histories + " changed configuration");
  }
}
