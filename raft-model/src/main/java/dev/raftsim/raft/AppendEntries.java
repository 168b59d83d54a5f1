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
 *
 * <p>A final class rather than a record only so that it can carry its fingerprint, computed once: the simulator
 * fingerprints every message when it is sent and again when it is delivered, and a leader sends the same
 * request to every follower that is equally far behind. Otherwise it behaves as the record
 * {@code AppendEntries(long term, int leaderId, int prevLogIndex, long prevLogTerm, Entry[] entries,
 * int leaderCommit)} would (accessors, value-based equality, the same {@code toString}).
 */
public final class AppendEntries implements RaftMessage {

  /** The shared empty batch. */
  public static final Entry[] NO_ENTRIES = new Entry[0];

  private final long term;
  private final int leaderId;
  private final int prevLogIndex;
  private final long prevLogTerm;
  private final Entry[] entries;
  private final int leaderCommit;
  /** The leader's read round when it sent this (0 when reads go through the log): echoed back in the reply. */
  private final long readRound;
  private final long fingerprint;

  public AppendEntries(long term, int leaderId, int prevLogIndex, long prevLogTerm, Entry[] entries,
      int leaderCommit) {
    this(term, leaderId, prevLogIndex, prevLogTerm, entries, leaderCommit, 0);
  }

  public AppendEntries(long term, int leaderId, int prevLogIndex, long prevLogTerm, Entry[] entries,
      int leaderCommit, long readRound) {
    Objects.requireNonNull(entries, "entries");
    if (term < 1 || leaderId < 0 || prevLogIndex < 0 || prevLogTerm < 0 || prevLogTerm > term
        || (prevLogIndex == 0) != (prevLogTerm == 0) || leaderCommit < 0 || readRound < 0) {
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
    this.term = term;
    this.leaderId = leaderId;
    this.prevLogIndex = prevLogIndex;
    this.prevLogTerm = prevLogTerm;
    this.entries = entries.length == 0 ? NO_ENTRIES : entries;
    this.leaderCommit = leaderCommit;
    this.readRound = readRound;
    long h = Hashing.combine(0x4145L, term);
    h = Hashing.combine(h, leaderId);
    h = Hashing.combine(h, prevLogIndex);
    h = Hashing.combine(h, prevLogTerm);
    h = Hashing.combine(h, leaderCommit);
    h = Hashing.combine(h, entries.length);
    for (Entry e : entries) {
      h = Hashing.combine(h, e.digest());
    }
    if (readRound != 0) { // absent from Figure 2's messages, so their fingerprints (and run digests) stay as they were
      h = Hashing.combine(h, readRound);
    }
    this.fingerprint = h;
  }

  @Override
  public long term() {
    return term;
  }

  public int leaderId() {
    return leaderId;
  }

  public int prevLogIndex() {
    return prevLogIndex;
  }

  public long prevLogTerm() {
    return prevLogTerm;
  }

  /** The entries themselves, not a copy: never modify the array. */
  public Entry[] entries() {
    return entries;
  }

  public int leaderCommit() {
    return leaderCommit;
  }

  /** The leader's read round (ReadIndex context) this request carries; 0 when reads go through the log. */
  public long readRound() {
    return readRound;
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
    return fingerprint;
  }

  @Override
  public String summary() {
    return "AE t" + term + " prev=" + prevLogIndex + "/" + prevLogTerm + " n=" + entries.length
        + " commit=" + leaderCommit + (readRound == 0 ? "" : " round=" + readRound);
  }

  @Override
  public String kind() {
    return "AppendEntries";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppendEntries a
        && term == a.term && leaderId == a.leaderId && prevLogIndex == a.prevLogIndex
        && prevLogTerm == a.prevLogTerm && leaderCommit == a.leaderCommit && readRound == a.readRound && Arrays.equals(entries, a.entries);
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint);
  }

  @Override
  public String toString() {
    return "AppendEntries[term=" + term + ", leaderId=" + leaderId + ", prevLogIndex=" + prevLogIndex
        + ", prevLogTerm=" + prevLogTerm + ", entries=" + Arrays.toString(entries) + ", leaderCommit="
        + leaderCommit + (readRound == 0 ? "" : ", readRound=" + readRound) + "]";
  }
}
