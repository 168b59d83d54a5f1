package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/** A voter's answer to a RequestVote; {@code term} is the voter's currentTerm after handling it. */
public record RequestVoteReply(long term, int voterId, boolean granted) implements RaftMessage {

  public RequestVoteReply {
    if (term < 1 || voterId < 0) {
      throw new IllegalArgumentException("malformed RequestVoteReply: term=" + term + " voter=" + voterId);
    }
  }

  @Override
  public int senderId() {
    return voterId;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x525652L, term);
    h = Hashing.combine(h, voterId);
    return Hashing.combine(h, granted);
  }

  @Override
  public String summary() {
    return "RVR t" + term + (granted ? " granted" : " denied");
  }

  @Override
  public String kind() {
    return "RequestVoteReply";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
