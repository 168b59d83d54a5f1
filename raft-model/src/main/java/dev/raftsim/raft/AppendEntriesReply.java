package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A follower's answer to AppendEntries. On success {@code matchIndex} = prevLogIndex + entries.length.
 * On a consistency failure the hint says where to retry: log too short -> conflictIndex = lastIndex+1,
 * conflictTerm = 0; otherwise conflictTerm = the follower's term at prevLogIndex and conflictIndex = the
 * first index of that term. A rejection for a stale term carries zeros.
 */
public record AppendEntriesReply(long term, int followerId, boolean success, int matchIndex, int conflictIndex,
    long conflictTerm) implements RaftMessage {

  public AppendEntriesReply {
    if (term < 1 || followerId < 0 || matchIndex < 0 || conflictIndex < 0 || conflictTerm < 0
        || (success && (conflictIndex != 0 || conflictTerm != 0)) || (!success && matchIndex != 0)) {
      throw new IllegalArgumentException("malformed AppendEntriesReply: term=" + term + " follower=" + followerId
          + " success=" + success + " match=" + matchIndex + " conflict=" + conflictIndex + "/" + conflictTerm);
    }
  }

  public static AppendEntriesReply ok(long term, int followerId, int matchIndex) {
    return new AppendEntriesReply(term, followerId, true, matchIndex, 0, 0);
  }

  public static AppendEntriesReply reject(long term, int followerId, int conflictIndex, long conflictTerm) {
    return new AppendEntriesReply(term, followerId, false, 0, conflictIndex, conflictTerm);
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
    return Hashing.combine(h, conflictTerm);
  }

  @Override
  public String summary() {
    return success
        ? "AER t" + term + " ok match=" + matchIndex
        : "AER t" + term + " fail conflict=" + conflictIndex + "/" + conflictTerm;
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
