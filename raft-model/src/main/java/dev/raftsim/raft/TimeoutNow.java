package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * Leadership transfer (dissertation §3.10): the leader of {@code term}, having brought the target up to date, tells
 * it to start an election at once, without waiting for its election timeout (and without a pre-vote).
 */
public record TimeoutNow(long term, int leaderId) implements RaftMessage {

  public TimeoutNow {
    if (term < 1 || leaderId < 0) {
      throw new IllegalArgumentException("malformed TimeoutNow: term=" + term + " leader=" + leaderId);
    }
  }

  @Override
  public int senderId() {
    return leaderId;
  }

  @Override
  public long fingerprint() {
    return Hashing.combine(Hashing.combine(0x544E4F57L, term), leaderId);
  }

  @Override
  public String summary() {
    return "TimeoutNow t" + term;
  }

  @Override
  public String kind() {
    return "TimeoutNow";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
