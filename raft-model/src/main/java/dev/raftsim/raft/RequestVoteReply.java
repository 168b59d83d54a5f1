package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A voter's answer to a RequestVote; {@code term} is the voter's currentTerm after handling it. A pre-vote's answer
 * carries the requested term when granted and the voter's own term when denied.
 */
public record RequestVoteReply(long term, int voterId, boolean granted, boolean preVote) implements RaftMessage {

  public RequestVoteReply(long term, int voterId, boolean granted) {
    this(term, voterId, granted, false);
  }

  public RequestVoteReply {
    if (term < (preVote ? 0 : 1) || voterId < 0) { // a pre-vote denial carries the voter's term, 0 at the start
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
    h = Hashing.combine(h, granted);
    return preVote ? Hashing.combine(h, true) : h;
  }

  @Override
  public String summary() {
    return (preVote ? "PreVoteR t" : "RVR t") + term + (granted ? " granted" : " denied");
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
