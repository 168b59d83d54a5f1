package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A follower's answer to AppendEntries. On success {@code matchIndex} = prevLogIndex + entries.length.
 * On a consistency failure the hint says where to retry: log too short -> conflictIndex = lastIndex+1,
 * conflictTerm = 0; otherwise conflictTerm = the follower's term at prevLogIndex and conflictIndex = the
 * first index of that term. A rejection for a stale term carries zeros (no hint); a leader that
 * receives one in its own term (the reply to a request from one of its earlier terms) re-probes from
 * matchIndex+1.
 */
public record AppendEntriesReply(long term, int followerId, boolean success, int matchIndex, int conflictIndex,
    long conflictTerm, long readRound) implements RaftMessage {

  public AppendEntriesReply {
    if (term < 1 || followerId < 0 || matchIndex < 0 || conflictIndex < 0 || conflictTerm < 0 || readRound < 0
        || (success && (conflictIndex != 0 || conflictTerm != 0)) || (!success && matchIndex != 0)) {
      throw new IllegalArgumentException("malformed AppendEntriesReply: term=" + term + " follower=" + followerId
          + " success=" + success + " match=" + matchIndex + " conflict=" + conflictIndex + "/" + conflictTerm);
    }
  }

  /** Figure 2's reply, without a read round. */
  public AppendEntriesReply(long term, int followerId, boolean success, int matchIndex, int conflictIndex,
      long conflictTerm) {
    this(term, followerId, success, matchIndex, conflictIndex, conflictTerm, 0);
  }

  public static AppendEntriesReply ok(long term, int followerId, int matchIndex) {
    return new AppendEntriesReply(term, followerId, true, matchIndex, 0, 0, 0);
  }

  /** A success that echoes the request's read round (ReadIndex context). */
  public static AppendEntriesReply ok(long term, int followerId, int matchIndex, long readRound) {
    return new AppendEntriesReply(term, followerId, true, matchIndex, 0, 0, readRound);
  }

  public static AppendEntriesReply reject(long term, int followerId, int conflictIndex, long conflictTerm) {
    return new AppendEntriesReply(term, followerId, false, 0, conflictIndex, conflictTerm, 0);
  }

  /** A rejection that echoes the request's read round: the follower still recognises the leader's term. */
  public static AppendEntriesReply reject(long term, int followerId, int conflictIndex, long conflictTerm,
      long readRound) {
    return new AppendEntriesReply(term, followerId, false, 0, conflictIndex, conflictTerm, readRound);
  }

  @Override
  public int senderId() {
    return followerId;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x414552L, term);
    h = Hashing.combine(h, followerId);
    h = Hashing.combine(h, success);
    h = Hashing.combine(h, matchIndex);
    h = Hashing.combine(h, conflictIndex);
    h = Hashing.combine(h, conflictTerm);
    return readRound == 0 ? h : Hashing.combine(h, readRound);
  }

  @Override
  public String summary() {
    String s = success
        ? "AER t" + term + " ok match=" + matchIndex
        : "AER t" + term + " fail conflict=" + conflictIndex + "/" + conflictTerm;
    return readRound == 0 ? s : s + " round=" + readRound;
  }

  @Override
  public String kind() {
    return "AppendEntriesReply";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
