package dev.raftsim.scenarios.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbstractStateTest {
  /** A cluster written down: per node up, role, term, log (terms of entries 1..n), commit index. */
  private record Fake(boolean[] up, NodeRole[] roles, long[] terms, long[][] logs, int[] commits) implements ClusterView {
    @Override
    public int size() {
      return up.length;
    }

    @Override
    public boolean isUp(int node) {
      return up[node];
    }

    @Override
    public long incarnation(int node) {
      return 0;
    }

    @Override
    public NodeRole role(int node) {
      return roles[node];
    }

    @Override
    public long currentTerm(int node) {
      return terms[node];
    }

    @Override
    public int votedFor(int node) {
      return -1;
    }

    @Override
    public int lastIndex(int node) {
      return logs[node].length;
    }

    @Override
    public long termAt(int node, int index) {
      return index == 0 ? 0 : logs[node][index - 1];
    }

    @Override
    public long entryDigest(int node, int index) {
      return termAt(node, index);
    }

    @Override
    public String describeEntry(int node, int index) {
      return "";
    }

    @Override
    public int commitIndex(int node) {
      return commits[node];
    }

    @Override
    public int lastApplied(int node) {
      return commits[node];
    }

    @Override
    public int logChangedFrom(int node) {
      return lastIndex(node) + 1;
    }

    /** The same cluster with node i renamed perm[i]. */
    Fake permuted(int[] perm) {
      int n = size();
      boolean[] u = new boolean[n];
      NodeRole[] r = new NodeRole[n];
      long[] t = new long[n];
      long[][] l = new long[n][];
      int[] c = new int[n];
      for (int i = 0; i < n; i++) {
        u[perm[i]] = up[i];
        r[perm[i]] = roles[i];
        t[perm[i]] = terms[i];
        l[perm[i]] = logs[i];
        c[perm[i]] = commits[i];
      }
      return new Fake(u, r, t, l, c);
    }
  }

  private static final NodeRole L = NodeRole.LEADER;
  private static final NodeRole F = NodeRole.FOLLOWER;
  private static final NodeRole C = NodeRole.CANDIDATE;

  private static Fake figure8Like() {
    return new Fake(new boolean[] {true, true, true, false, true}, new NodeRole[] {L, F, F, F, C},
        new long[] {4, 4, 3, 2, 5}, new long[][] {{1, 2, 4}, {1, 2}, {1, 3}, {1}, {1, 2, 4, 4}},
        new int[] {2, 2, 1, 1, 0});
  }

  @Test
  void aCommittedEntryIsAtRiskWhenAServerLackingItCouldWinAnElection() {
    boolean[] up = {true, true, true, true, true};
    NodeRole[] roles = {L, F, F, F, F};
    // Figure 8 (d)'s eve: index 2 (term 2) counted as committed without an entry of term 4 on a majority, and S5
    // holds a term-3 entry there: every other server would vote for S5.
    Fake atRisk = new Fake(up, roles, new long[] {4, 4, 4, 4, 4},
        new long[][] {{1, 2}, {1, 2}, {1, 2}, {1}, {1, 3}}, new int[] {2, 2, 2, 1, 1});
    AbstractState s = new AbstractState(5);
    s.compute(atRisk);
    assertTrue((s.flags() & AbstractState.COMMITTED_AT_RISK) != 0);
    assertTrue((s.flags() & AbstractState.LOG_DIVERGED) != 0);
    assertEquals(0, s.flags() & AbstractState.COMMITTED_AT_RISK_CANDIDATE, "S5 is not campaigning yet");
    // S5 times out and campaigns: the election that would lose index 2 is under way.
    Fake campaigning = new Fake(up, new NodeRole[] {L, F, F, F, C}, new long[] {4, 4, 4, 4, 5},
        new long[][] {{1, 2}, {1, 2}, {1, 2}, {1}, {1, 3}}, new int[] {2, 2, 2, 1, 1});
    s.compute(campaigning);
    assertTrue((s.flags() & AbstractState.COMMITTED_AT_RISK_CANDIDATE) != 0);
    // Figure 8 (e): committed the Raft way, with the term-4 entry on a majority; S5 still diverges but cannot win.
    Fake safe = new Fake(up, roles, new long[] {4, 4, 4, 4, 4},
        new long[][] {{1, 2, 4}, {1, 2, 4}, {1, 2, 4}, {1}, {1, 3}}, new int[] {3, 3, 3, 1, 1});
    s.compute(safe);
    assertTrue((s.flags() & AbstractState.LOG_DIVERGED) != 0);
    assertEquals(0, s.flags() & AbstractState.COMMITTED_AT_RISK);
    Fake safeCampaigning = new Fake(up, new NodeRole[] {L, F, F, F, C}, new long[] {4, 4, 4, 4, 5},
        new long[][] {{1, 2, 4}, {1, 2, 4}, {1, 2, 4}, {1}, {1, 3}}, new int[] {3, 3, 3, 1, 1});
    s.compute(safeCampaigning);
    assertEquals(0, s.flags() & AbstractState.COMMITTED_AT_RISK_CANDIDATE, "a candidate that cannot win risks nothing");
    // The same eve with three servers down: S5 cannot gather a quorum of votes now.
    Fake threeDown = new Fake(new boolean[] {false, false, true, false, true}, roles, new long[] {4, 4, 4, 4, 4},
        new long[][] {{1, 2}, {1, 2}, {1, 2}, {1}, {1, 3}}, new int[] {2, 2, 2, 1, 1});
    s.compute(threeDown);
    assertEquals(0, s.flags() & AbstractState.COMMITTED_AT_RISK);
  }

  @Test
  void symmetricStatesHashAlikeWhateverTheNodeNames() {
    Fake f = figure8Like();
    long h = new AbstractState(5).compute(f);
    int[][] perms = {{1, 2, 3, 4, 0}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}};
    for (int[] p : perms) {
      assertEquals(h, new AbstractState(5).compute(f.permuted(p)));
    }
  }

  @Test
  void theAbstractionTellsApartWhatItClaimsTo() {
    Fake base = figure8Like();
    Set<Long> seen = new HashSet<>();
    seen.add(new AbstractState(5).compute(base));
    // A different role, a term further behind, a diverged log, a commit caught up, a node down: each a new state.
    Fake role = new Fake(base.up(), new NodeRole[] {L, F, F, F, F}, base.terms(), base.logs(), base.commits());
    Fake term = new Fake(base.up(), base.roles(), new long[] {4, 4, 4, 2, 5}, base.logs(), base.commits());
    Fake diverged = new Fake(base.up(), base.roles(), base.terms(),
        new long[][] {{1, 2, 4}, {1, 3}, {1, 3}, {1}, {1, 2, 4, 4}}, base.commits());
    Fake commit = new Fake(base.up(), base.roles(), base.terms(), base.logs(), new int[] {2, 2, 1, 1, 2});
    Fake down = new Fake(new boolean[] {true, true, false, false, true}, base.roles(), base.terms(), base.logs(),
        base.commits());
    for (Fake f : new Fake[] {role, term, diverged, commit, down}) {
      assertTrue(seen.add(new AbstractState(5).compute(f)), "not told apart: " + f);
    }
    // Concrete terms and indexes do not matter, only relations: every term one higher is the same state.
    Fake shifted = new Fake(base.up(), base.roles(), new long[] {5, 5, 4, 3, 6},
        new long[][] {{2, 3, 5}, {2, 3}, {2, 4}, {2}, {2, 3, 5, 5}}, base.commits());
    assertEquals(new AbstractState(5).compute(base), new AbstractState(5).compute(shifted));
  }

  @Test
  void flagsNameTheClusterWideSituations() {
    AbstractState a = new AbstractState(5);
    a.compute(figure8Like());
    int f = a.flags();
    assertTrue((f & AbstractState.LOG_DIVERGED) != 0, "n3's term-3 entry diverges from the committed prefix");
    assertTrue((f & AbstractState.UNCOMMITTED_TAIL) != 0);
    assertEquals(0, f & AbstractState.TWO_LEADERS);
    assertEquals(0, f & AbstractState.NO_QUORUM_UP);
    Fake synced = new Fake(new boolean[] {true, true, true}, new NodeRole[] {L, F, F}, new long[] {2, 2, 2},
        new long[][] {{1, 2}, {1, 2}, {1, 2}}, new int[] {2, 2, 2});
    AbstractState three = new AbstractState(3);
    assertNotEquals(0L, three.compute(synced));
    assertEquals(AbstractState.ALL_IN_SYNC, three.flags());
  }
}
