package dev.raftsim.scenarios.check.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.AppendEntries;
import dev.raftsim.raft.AppendEntriesReply;
import dev.raftsim.raft.InstallSnapshot;
import dev.raftsim.raft.InstallSnapshotReply;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RequestVote;
import dev.raftsim.raft.RequestVoteReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fingerprints the search relies on: coverage, renaming, and the tables. */
class FingerprintTest {

  private static Model model(int n, boolean symmetry, Set<PlantedBug> bugs, int restarts, int dups) {
    return new Model(n, 2, 2, restarts, 4, dups, symmetry, bugs, false, 8);
  }

  /** With up to {@code snapshots} snapshot actions per path (and so InstallSnapshot messages). */
  private static Model withSnapshots(Set<PlantedBug> bugs, int restarts, int dups, int snapshots) {
    return new Model(3, 2, 2, restarts, 4, dups, true, bugs, false, 8, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE, snapshots);
  }

  /** Random walks, each step a uniformly chosen enabled action. */
  private static List<List<State>> walks(Model m, int count, int length, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Model.Scratch x = m.scratch();
    int[] codes = new int[64];
    List<List<State>> out = new ArrayList<>();
    for (int w = 0; w < count; w++) {
      List<State> walk = new ArrayList<>();
      State s = m.initial();
      walk.add(s);
      for (int i = 0; i < length; i++) {
        int na = m.actions(s, codes);
        if (na == 0) {
          break;
        }
        State next = m.step(s, codes[rnd.nextInt(na)], 0, x);
        assertNotNull(next, () -> String.valueOf(x.violation));
        s = next;
        walk.add(s);
      }
      out.add(walk);
    }
    return out;
  }

  @Test
  void identityFingerprintSeparatesExactlyWhatRaftNodeFingerprintSeparates() {
    // Among all nodes met on random walks, two have equal RaftNode fingerprints iff their NodeSnap identity
    // fingerprints are equal (the snapshot adds only the durable log and vote history, unused here).
    for (Model m : List.of(model(3, true, Set.of(), 0, 0), withSnapshots(Set.of(), 1, 0, 2))) {
      separatesWhatRaftNodeSeparates(m);
    }
  }

  private static void separatesWhatRaftNodeSeparates(Model m) {
    Map<Long, Long> byRaft = new HashMap<>();
    Map<Long, Long> bySnap = new HashMap<>();
    int nodes = 0;
    for (List<State> walk : walks(m, 300, 40, 1)) {
      for (State s : walk) {
        for (NodeSnap ns : s.nodes) {
          long raft = ns.node.fingerprint();
          long snap = ns.permFp[0];
          Long prevSnap = byRaft.putIfAbsent(raft, snap);
          Long prevRaft = bySnap.putIfAbsent(snap, raft);
          assertTrue(prevSnap == null || prevSnap == snap, ns.node::toString);
          assertTrue(prevRaft == null || prevRaft == raft, ns.node::toString);
          nodes++;
        }
      }
    }
    assertTrue(byRaft.size() > 50, "only " + byRaft.size() + " distinct nodes in " + nodes);
  }

  /**
   * Symmetry soundness: replaying a walk with every node id renamed (actions and messages alike) reaches states
   * whose exact fingerprints are the renamed fingerprints the checker computes without running anything, so
   * the minimum over renamings is a true canonical form. Uses the bugs that add durable-log and vote history.
   */
  @Test
  void renamedExecutionsHaveTheRenamedFingerprints() {
    for (Set<PlantedBug> bugs : List.of(Set.<PlantedBug>of(), Set.of(PlantedBug.FORGET_VOTE_ON_RESTART),
        Set.of(PlantedBug.ACK_BEFORE_PERSIST), Set.of(PlantedBug.COUNT_VOTES_NOT_VOTERS))) {
      renamedWalks(model(3, true, bugs, 2, 2), 30);
    }
  }

  /**
   * The same with snapshot actions: compacted logs, InstallSnapshot and its reply in flight, restarts from a snapshot
   * plus the log (the durable log lagging under ack-before-persist), and the install bugs.
   */
  @Test
  void renamedExecutionsWithSnapshotsHaveTheRenamedFingerprints() {
    int[] seen = new int[2];
    for (Set<PlantedBug> bugs : List.of(Set.<PlantedBug>of(), Set.of(PlantedBug.ACK_BEFORE_PERSIST),
        Set.of(PlantedBug.INSTALL_ROLLS_BACK), Set.of(PlantedBug.DISCARD_SUFFIX_ON_INSTALL))) {
      int[] s = renamedWalks(withSnapshots(bugs, 2, 1, 3), 60);
      seen[0] += s[0];
      seen[1] += s[1];
    }
    assertTrue(seen[0] > 100, "states with a snapshot base: " + seen[0]);
    assertTrue(seen[1] > 20, "states with InstallSnapshot in flight: " + seen[1]);
  }

  /** Returns how many compared states held a snapshot base, and how many an InstallSnapshot in flight. */
  private static int[] renamedWalks(Model m, int length) {
    int[] seen = new int[2];
    Model.Scratch x = m.scratch();
    SplittableRandom rnd = new SplittableRandom(7);
    int[] codes = new int[64];
    int compared = 0;
    for (int w = 0; w < 200; w++) {
      int k = 1 + rnd.nextInt(m.sym.count - 1);
      int[] map = m.sym.map[k];
      State s = m.initial();
      State r = m.initial();
      for (int i = 0; i < length; i++) {
        assertEquals(State.renamedFp(s, m.sym, k), r.concreteFp(m.sym), "step " + i + " renaming " + k);
        assertEquals(s.fp, r.fp, "canonical fingerprints of renamed states");
        compared++;
        for (NodeSnap ns : s.nodes) {
          if (ns.node.snapshotIndex() > 0) {
            seen[0]++;
            break;
          }
        }
        for (Packet p : s.net) {
          if (p.msg instanceof InstallSnapshot) {
            seen[1]++;
            break;
          }
        }
        int na = m.actions(s, codes);
        if (na == 0) {
          break;
        }
        int code = codes[rnd.nextInt(na)];
        int kind = Model.kind(code);
        int arg = Model.arg(code);
        int renamedCode;
        if (kind <= Model.RESTART || kind == Model.SNAPSHOT) {
          renamedCode = Model.code(kind, map[arg]);
        } else {
          Packet p = s.net[arg];
          int j = indexOf(r, map[p.from], map[p.to], rename(p.msg, map[p.from]));
          assertTrue(j >= 0, "renamed packet in flight");
          renamedCode = Model.code(kind, j);
        }
        s = m.step(s, code, 0, x);
        State before = r;
        r = m.step(r, renamedCode, 0, x);
        assertNotNull(s, () -> String.valueOf(x.violation));
        assertNotNull(r, () -> String.valueOf(x.violation) + " from " + before);
      }
    }
    assertTrue(compared > 1000);
    return seen;
  }

  private static int indexOf(State s, int from, int to, RaftMessage msg) {
    for (int j = 0; j < s.net.length; j++) {
      Packet p = s.net[j];
      if (p.from == from && p.to == to && p.msg.equals(msg)) {
        return j;
      }
    }
    return -1;
  }

  private static RaftMessage rename(RaftMessage m, int sender) {
    if (m instanceof RequestVote rv) {
      return new RequestVote(rv.term(), sender, rv.lastLogIndex(), rv.lastLogTerm());
    } else if (m instanceof RequestVoteReply r) {
      return new RequestVoteReply(r.term(), sender, r.granted());
    } else if (m instanceof AppendEntries ae) {
      return new AppendEntries(ae.term(), sender, ae.prevLogIndex(), ae.prevLogTerm(), ae.entries(),
          ae.leaderCommit());
    }
    if (m instanceof InstallSnapshot is) {
      return new InstallSnapshot(is.term(), sender, is.snapshot());
    } else if (m instanceof InstallSnapshotReply r) {
      return new InstallSnapshotReply(r.term(), sender, r.matchIndex());
    }
    AppendEntriesReply r = (AppendEntriesReply) m;
    return new AppendEntriesReply(r.term(), sender, r.success(), r.matchIndex(), r.conflictIndex(),
        r.conflictTerm());
  }

  @Test
  void withoutSymmetryTheCanonicalFingerprintIsTheExactOne() {
    Model plain = model(3, false, Set.of(), 0, 0);
    for (List<State> walk : walks(plain, 20, 30, 3)) {
      for (State s : walk) {
        assertEquals(Mix.mix(s.concreteFp(plain.sym) ^ 0x5CA1AB1EL), s.fp);
      }
    }
  }

  @Test
  void fingerprintSetHoldsWhatWasAddedThroughGrowth() {
    FingerprintSet set = new FingerprintSet(4);
    SplittableRandom rnd = new SplittableRandom(11);
    long[] added = new long[100_000];
    for (int i = 0; i < added.length; i++) {
      long fp;
      do {
        fp = rnd.nextLong();
      } while (fp == 0);
      added[i] = fp;
      assertTrue(set.add(fp));
    }
    assertEquals(added.length, set.size());
    for (long fp : added) {
      assertTrue(set.contains(fp));
      assertFalse(set.add(fp));
    }
    assertFalse(set.contains(12345));
    assertTrue(set.size() <= 0.75 * set.capacity());
    assertEquals(8 * set.capacity() + 16, set.bytes());
    set.reserve(1000);
    assertTrue(set.addConcurrent(12345));
    assertFalse(set.addConcurrent(12345));
    set.added(1);
    assertTrue(set.contains(12345));
  }

  @Test
  void levelTableKeepsTheSmallestKey() {
    Model m = model(3, false, Set.of(), 0, 0);
    Model.Scratch x = m.scratch();
    State init = m.initial();
    State a = m.step(init, Model.code(Model.TIMEOUT, 0), 5L << 16, x);
    State b = m.step(init, Model.code(Model.TIMEOUT, 0), 3L << 16, x);
    State c = m.step(init, Model.code(Model.TIMEOUT, 0), 9L << 16, x);
    assertEquals(a.fp, b.fp);
    LevelTable t = new LevelTable(4);
    int slot = t.slot(a.fp);
    assertTrue(slot < 0, "claimed");
    t.offer(-slot - 1, a);
    assertEquals(-slot - 1, t.slot(b.fp));
    t.offer(-slot - 1, b);
    t.offer(-slot - 1, c);
    assertEquals(b, t.get(a.fp));
    assertNull(t.get(a.fp + 1));
    State[] drained = t.drain(1);
    assertEquals(b, drained[0]);
    assertNull(t.get(a.fp));
  }

  @Test
  void sortByKeyOrdersByParentThenAction() {
    Model m = model(3, false, Set.of(), 0, 0);
    Model.Scratch x = m.scratch();
    State init = m.initial();
    SplittableRandom rnd = new SplittableRandom(5);
    List<State> states = new ArrayList<>();
    for (int p = 0; p < 50; p++) {
      for (int code = 0; code < 3; code++) {
        if (rnd.nextBoolean()) {
          states.add(m.step(init, Model.code(Model.TIMEOUT, code), (long) p << 16 | code, x));
        }
      }
    }
    java.util.Collections.shuffle(states, new java.util.Random(3));
    State[] sorted = Search.sortByKey(states.toArray(new State[0]), 50);
    for (int i = 1; i < sorted.length; i++) {
      assertTrue(sorted[i - 1].key < sorted[i].key);
    }
    assertNotEquals(0, sorted.length);
  }
}
