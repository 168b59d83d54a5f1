package dev.raftsim.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.LivenessConfig;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.invariants.Violation;
import org.junit.jupiter.api.Test;

class MembershipLivenessTest {
  private static final long HEAL = 1_000_000;

  /** Three servers, each with a term, a role, a log of entries of given terms, a commit index and a configuration. */
  private static final class View implements ClusterView {
    final NodeRole[] role = {NodeRole.FOLLOWER, NodeRole.FOLLOWER, NodeRole.FOLLOWER};
    final long[] term = new long[3];
    final long[][] log = {{1, 2}, {1, 2}, {1, 2}};
    final int[] commit = new int[3];
    long voters = 0b111;
    long old;
    int configIndex;

    @Override
    public int size() {
      return 3;
    }

    @Override
    public boolean isUp(int node) {
      return true;
    }

    @Override
    public long incarnation(int node) {
      return 0;
    }

    @Override
    public NodeRole role(int node) {
      return role[node];
    }

    @Override
    public long currentTerm(int node) {
      return term[node];
    }

    @Override
    public int votedFor(int node) {
      return -1;
    }

    @Override
    public int lastIndex(int node) {
      return log[node].length;
    }

    @Override
    public long termAt(int node, int index) {
      return log[node][index - 1];
    }

    @Override
    public long entryDigest(int node, int index) {
      return index;
    }

    @Override
    public String describeEntry(int node, int index) {
      return "entry";
    }

    @Override
    public int commitIndex(int node) {
      return commit[node];
    }

    @Override
    public int lastApplied(int node) {
      return commit[node];
    }

    @Override
    public int logChangedFrom(int node) {
      return lastIndex(node) + 1;
    }

    @Override
    public boolean reportsMembership() {
      return true;
    }

    @Override
    public long voters(int node) {
      return voters;
    }

    @Override
    public long jointOldVoters(int node) {
      return old;
    }

    @Override
    public int configIndex(int node) {
      return configIndex;
    }
  }

  private static MembershipLiveness checker() {
    return new MembershipLiveness(new LivenessConfig(HEAL, 3_000_000, 2_000_000));
  }

  @Test
  void aJointConfigurationLeftBehindAfterTheHealIsReported() {
    View v = new View();
    v.role[0] = NodeRole.LEADER;
    v.term[0] = 2;
    v.commit[0] = 2; // an entry of its own term committed: it can finish the change
    v.voters = 0b011;
    v.old = 0b111;
    v.configIndex = 2;
    MembershipLiveness c = checker();
    assertNull(c.afterEvent(v, 0, 500_000, 0));
    assertNull(c.afterEvent(v, 1, HEAL + 1_900_000, 0), "within the bound");
    Violation found = c.afterEvent(v, 2, HEAL + 2_100_000, 1);
    assertNotNull(found);
    assertTrue(found.message().contains("joint") && found.message().contains("n1"), found.message());
  }

  @Test
  void aChangeThatCompletesOrCannotYetCommitIsNotReported() {
    View v = new View();
    v.role[0] = NodeRole.LEADER;
    v.term[0] = 3; // its log holds nothing of term 3: without a no-op or a client it cannot commit yet
    v.commit[0] = 1;
    v.configIndex = 2;
    MembershipLiveness c = checker();
    assertNull(c.afterEvent(v, 0, HEAL, 0));
    assertNull(c.afterEvent(v, 1, HEAL + 5_000_000, 0));
    v.term[0] = 2;
    v.commit[0] = 2; // committed, not joint
    MembershipLiveness d = checker();
    assertNull(d.afterEvent(v, 0, HEAL, 0));
    assertNull(d.atEnd(v, 1, HEAL + 5_000_000));
  }

  @Test
  void membersTakingUpARemovedServersTermsUnderALeaderIsAStorm() {
    View v = new View();
    v.voters = 0b011; // n3 removed
    v.configIndex = 2;
    v.role[0] = NodeRole.LEADER;
    v.term[0] = 2;
    v.term[1] = 2;
    v.commit[0] = 2;
    MembershipLiveness c = checker();
    assertNull(c.afterEvent(v, 0, HEAL, -1));
    // Within one leader bound of the heal a member may not have heard from the leader yet: not counted.
    for (int k = 1; k <= 3; k++) {
      v.term[2] = 2 + k;
      v.term[1] = 2 + k;
      assertNull(c.afterEvent(v, k, HEAL + 100_000 * k, 1), "right after the heal");
    }
    long settled = HEAL + 3_000_000;
    Violation found = null;
    for (int k = 1; k <= 3 && found == null; k++) {
      v.term[2] = 5 + k; // n3 campaigns alone
      assertNull(c.afterEvent(v, 10 * k, settled + 100_000 * k, 2), "its own terms alone are no storm");
      v.term[1] = 5 + k; // n2 takes the term up while n1 leads
      found = c.afterEvent(v, 10 * k + 1, settled + 100_000 * k + 1, 1);
      if (k < 3) {
        assertNull(found);
      }
    }
    assertNotNull(found);
    assertTrue(found.message().contains("n2") && found.message().contains("outside the configuration"),
        found.message());
  }
}
