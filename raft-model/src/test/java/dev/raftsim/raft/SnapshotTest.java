package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static dev.raftsim.raft.Fixtures.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction: compact, InstallSnapshot by Figure 13 on the follower, the leader's switch to it, restore. */
class SnapshotTest {

  /** Records every effect, in order, as short strings (and the messages sent). */
  static final class Out implements RaftOutput {
    final List<String> effects = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();

    @Override public void send(int to, Message m) {
      effects.add("send " + m.kind());
      sent.add(m);
    }
    @Override public void persistTermVote(long term, int votedFor) {
      effects.add("termvote");
    }
    @Override public void persistTruncate(int fromIndex) {
      effects.add("truncate " + fromIndex);
    }
    @Override public void persistAppend(int index, Entry e) {
      effects.add("append " + index);
    }
    @Override public void sync() {
      effects.add("sync");
    }
    @Override public void resetElectionTimer() {}
    @Override public void resetHeartbeatTimer() {}
    @Override public void apply(int index, Entry e) {
      effects.add("apply " + index);
    }
    @Override public void persistSnapshot(Snapshot s) {
      effects.add("snapshot " + s.index());
    }
    @Override public void restoreSnapshot(Snapshot s) {
      effects.add("restore " + s.index());
    }

    Message last() {
      return sent.get(sent.size() - 1);
    }
  }

  /** The snapshot of entries 1..index of {@code entries}, with a made-up state digest. */
  private static Snapshot snapshotOf(List<Entry> entries, int index) {
    RaftNode n = RaftNode.restore(2, cfg(3), 9, -1, entries);
    return new Snapshot(index, n.termAt(index), n.prefixDigest(index), 1000 + index, null);
  }

  private static InstallSnapshotReply install(RaftNode f, Snapshot s, Out out) {
    f.step(0, new InstallSnapshot(3, 0, s), out);
    return assertInstanceOf(InstallSnapshotReply.class, out.last());
  }

  @Test
  void installKeepsTheEntriesAfterAMatchingLastIncludedEntry() {
    List<Entry> entries = log(1, 1, 2, 2, 2);
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, entries);
    Out out = new Out();
    InstallSnapshotReply r = install(f, snapshotOf(entries, 3), out);
    assertEquals(3, r.matchIndex());
    assertEquals(3, f.snapshotIndex());
    assertEquals(5, f.lastIndex(), "Figure 13 step 6: the suffix after the snapshot stays");
    assertEquals(entries.get(4), f.entryAt(5));
    assertEquals(2, f.termAt(3));
    assertEquals(3, f.commitIndex());
    assertEquals(3, f.lastApplied());
    assertEquals(snapshotOf(entries, 5).logDigest(), f.prefixDigest(5), "prefix digests continue across the base");
    assertEquals(List.of("termvote", "snapshot 3", "restore 3", "sync", "send InstallSnapshotReply"), out.effects);
    assertThrows(IndexOutOfBoundsException.class, () -> f.entryAt(3));
    assertThrows(IndexOutOfBoundsException.class, () -> f.termAt(2));
  }

  @Test
  void installDiscardsAConflictingLogAndWritesTheSnapshotBeforeTheTruncation() {
    List<Entry> mine = log(1, 1, 1, 1, 1);
    List<Entry> leaders = log(1, 1, 2, 2);
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, mine);
    Out out = new Out();
    install(f, snapshotOf(leaders, 3), out);
    assertEquals(3, f.snapshotIndex());
    assertEquals(3, f.lastIndex(), "Figure 13 step 7: no entry matches, so the whole log goes");
    assertEquals(2, f.termAt(3));
    assertTrue(out.effects.indexOf("snapshot 3") < out.effects.indexOf("truncate 4"));
    assertEquals(4, f.logChangedFrom());
  }

  @Test
  void aSnapshotNotBeyondTheCommitIndexNeverMovesTheStateMachineBack() {
    List<Entry> entries = log(1, 1, 1, 1, 1, 1);
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, snapshotOf(entries, 5), entries.subList(5, 6));
    Out out = new Out();
    InstallSnapshotReply r = install(f, snapshotOf(entries, 3), out);
    assertEquals(3, r.matchIndex(), "acknowledged: the follower holds that prefix, committed");
    assertEquals(5, f.lastApplied());
    assertEquals(5, f.snapshotIndex());
    assertTrue(out.effects.stream().noneMatch(e -> e.startsWith("restore") || e.startsWith("snapshot")));
  }

  @Test
  void plantedInstallRollsBackMovesLastAppliedDown() {
    List<Entry> entries = log(1, 1, 1, 1, 1, 1);
    RaftNode f = RaftNode.restore(1, cfg(3).withBug(PlantedBug.INSTALL_ROLLS_BACK), 2, -1, snapshotOf(entries, 5),
        entries.subList(5, 6));
    install(f, snapshotOf(entries, 3), new Out());
    assertEquals(3, f.lastApplied());
  }

  @Test
  void plantedDiscardSuffixDropsMatchingEntries() {
    List<Entry> entries = log(1, 1, 2, 2, 2);
    RaftNode f = RaftNode.restore(1, cfg(3).withBug(PlantedBug.DISCARD_SUFFIX_ON_INSTALL), 2, -1, entries);
    install(f, snapshotOf(entries, 3), new Out());
    assertEquals(3, f.lastIndex());
  }

  @Test
  void appendEntriesReachingIntoTheSnapshotIsTrimmedToTheBase() {
    List<Entry> entries = log(1, 1, 1, 1, 1, 2);
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, snapshotOf(entries, 4), entries.subList(4, 5));
    Out out = new Out();
    f.step(0, new AppendEntries(2, 0, 2, 1, entries.subList(2, 6).toArray(new Entry[0]), 6), out);
    AppendEntriesReply r = assertInstanceOf(AppendEntriesReply.class, out.last());
    assertTrue(r.success());
    assertEquals(6, r.matchIndex());
    assertEquals(6, f.lastIndex());
    assertEquals(6, f.commitIndex());
    out.sent.clear();
    f.step(0, new AppendEntries(2, 0, 1, 1, entries.subList(1, 3).toArray(new Entry[0]), 6), out);
    assertEquals(4, ((AppendEntriesReply) out.last()).matchIndex(), "wholly inside the snapshot: matches its base");
  }

  @Test
  void compactDiscardsThePrefixAndRestartComesFromTheSnapshot() {
    List<Entry> entries = log(1, 1, 1, 1);
    RaftNode f = RaftNode.restore(1, cfg(3), 2, -1, entries);
    Out out = new Out();
    f.step(0, new AppendEntries(2, 0, 4, 1, new Entry[0], 4), out); // commits and applies 1..4
    assertEquals(4, f.lastApplied());
    Snapshot s = snapshotOf(entries, 3);
    f.compact(s, out);
    assertEquals(3, f.snapshotIndex());
    assertEquals(4, f.lastIndex());
    assertEquals(entries.get(3), f.entryAt(4));
    RaftNode back = RaftNode.restore(1, cfg(3), 2, -1, s, entries.subList(3, 4));
    assertEquals(3, back.lastApplied());
    assertEquals(3, back.commitIndex());
    assertEquals(f.prefixDigest(4), back.prefixDigest(4));
    assertEquals(4, back.logChangedFrom());
    assertThrows(IllegalStateException.class, () -> f.compact(snapshotOf(log(1, 1, 1, 1, 1), 5), new Out()),
        "nothing beyond lastApplied can be compacted");
  }

  @Test
  void leaderSendsInstallSnapshotWhenNextIndexIsAtOrBelowItsBase() {
    List<Entry> entries = log(1, 1, 1, 1, 1);
    for (boolean bug : new boolean[] {false, true}) {
      RaftConfig c = bug ? cfg(3).withBug(PlantedBug.PROBE_AT_SNAPSHOT_BASE) : cfg(3);
      RaftNode l = RaftNode.restore(0, c, 1, -1, snapshotOf(entries, 4), entries.subList(4, 5));
      Out out = new Out();
      l.electionTimeout(out);
      l.step(1, new RequestVoteReply(2, 1, true), out);
      assertEquals(Role.LEADER, l.role());
      out.sent.clear();
      l.step(1, AppendEntriesReply.reject(2, 1, 1, 0), out); // the follower's log is empty
      Message m = out.last();
      if (bug) {
        AppendEntries ae = assertInstanceOf(AppendEntries.class, m);
        assertEquals(4, ae.prevLogIndex(), "the planted bug probes at its own base");
      } else {
        InstallSnapshot is = assertInstanceOf(InstallSnapshot.class, m);
        assertEquals(4, is.lastIncludedIndex());
        l.step(1, new InstallSnapshotReply(2, 1, 4), out);
        assertEquals(4, l.matchIndex(1));
        AppendEntries next = assertInstanceOf(AppendEntries.class, out.last());
        assertEquals(4, next.prevLogIndex());
      }
    }
  }
}
