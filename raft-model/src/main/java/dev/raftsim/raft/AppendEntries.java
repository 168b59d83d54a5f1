package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Arrays;
import java.util.Objects;

/**
 * Replication and heartbeat RPC. {@code entries} are the entries following prevLogIndex (possibly none).
 *
 * <p>The constructor takes ownership of {@code entries} without copying (the leader already passes a
 * private copy of its log range); nobody may mutate the array afterwards, and {@link #entries()} returns
 * it as is, for speed. Heartbeats share {@link #NO_ENTRIES}. {@code equals} and {@code hashCode} are
 * value-based over the array contents.
 */
public record AppendEntries(long term, int leaderId, int prevLogIndex, long prevLogTerm, Entry[] entries,
    int leaderCommit) implements RaftMessage {

  /** The shared empty batch. */
  public static final Entry[] NO_ENTRIES = new Entry[0];

  public AppendEntries {
    Objects.requireNonNull(entries, "entries");
    if (term < 1 || leaderId < 0 || prevLogIndex < 0 || prevLogTerm < 0 || prevLogTerm > term
        || (prevLogIndex == 0) != (prevLogTerm == 0) || leaderCommit < 0) {
      throw new IllegalArgumentException("malformed AppendEntries: term=" + term + " leader=" + leaderId
          + " prev=" + prevLogIndex + "/" + prevLogTerm + " commit=" + leaderCommit);
    }
    long previous = prevLogTerm;
    for (Entry e : entries) {
      Objects.requireNonNull(e, "null entry in AppendEntries");
      // A leader's log has non-decreasing terms, none above its own term.
      if (e.term() < previous || e.term() > term) {
        throw new IllegalArgumentException("AppendEntries t" + term + " prev=" + prevLogIndex + "/" + prevLogTerm
            + " carries entries with terms out of order: " + Arrays.toString(entries));
      }
      previous = e.term();
    }
    if (entries.length == 0) {
      entries = NO_ENTRIES;
    }
  }

  @Override
  public int senderId() {
    return leaderId;
  }

  public int entryCount() {
    return entries.length;
  }

  public Entry entry(int k) {
    return entries[k];
  }

  /** prevLogIndex + number of entries: the follower's match index if it accepts. */
  public int lastNewIndex() {
    return prevLogIndex + entries.length;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x4145L, term);
    h = Hashing.combine(h, leaderId);
    h = Hashing.combine(h, prevLogIndex);
    h = Hashing.combine(h, prevLogTerm);
    h = Hashing.combine(h, leaderCommit);
    h = Hashing.combine(h, entries.length);
    for (Entry e : entries) {
      h = Hashing.combine(h, e.digest());
    }
    return h;
  }

  @Override
  public String summary() {
    return "AE t" + term + " prev=" + prevLogIndex + "/" + prevLogTerm + " n=" + entries.length
        + " commit=" + leaderCommit;
  }

  @Override
  public String kind() {
    return "AppendEntries";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppendEntries a
        && term == a.term && leaderId == a.leaderId && prevLogIndex == a.prevLogIndex
        && prevLogTerm == a.prevLogTerm && leaderCommit == a.leaderCommit && Arrays.equals(entries, a.entries);
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }

  @Override
  public String toString() {
    return "AppendEntries[term=" + term + ", leaderId=" + leaderId + ", prevLogIndex=" + prevLogIndex
        + ", prevLogTerm=" + prevLogTerm + ", entries=" + Arrays.toString(entries) + ", leaderCommit="
        + leaderCommit + "]";
  }
}
