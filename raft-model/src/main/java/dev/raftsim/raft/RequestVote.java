package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A candidate asks for a vote in {@code term}; its log ends at (lastLogIndex, lastLogTerm). With {@code preVote} it
 * only asks whether the voter would grant it in {@code term} (its own term + 1), and nobody changes any state. With
 * {@code transfer} the election was started by the leader's TimeoutNow (leadership transfer): voters that heard from
 * that leader recently must not ignore it (etcd's campaignTransfer).
 */
public record RequestVote(long term, int candidateId, int lastLogIndex, long lastLogTerm, boolean preVote,
    boolean transfer) implements RaftMessage {

  public RequestVote(long term, int candidateId, int lastLogIndex, long lastLogTerm) {
    this(term, candidateId, lastLogIndex, lastLogTerm, false, false);
  }

  public RequestVote(long term, int candidateId, int lastLogIndex, long lastLogTerm, boolean preVote) {
    this(term, candidateId, lastLogIndex, lastLogTerm, preVote, false);
  }

  public RequestVote {
    if (term < 1 || candidateId < 0 || (preVote && transfer) || lastLogIndex < 0 || lastLogTerm < 0 || lastLogTerm > term
        || (lastLogIndex == 0) != (lastLogTerm == 0)) {
      throw new IllegalArgumentException("malformed RequestVote: term=" + term + " candidate=" + candidateId
          + " last=" + lastLogIndex + "/" + lastLogTerm);
    }
  }

  @Override
  public int senderId() {
    return candidateId;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x5256L, term);
    h = Hashing.combine(h, candidateId);
    h = Hashing.combine(h, lastLogIndex);
    h = Hashing.combine(h, lastLogTerm);
    h = preVote ? Hashing.combine(h, true) : h;
    return transfer ? Hashing.combine(h, 0x5446L) : h;
  }

  @Override
  public String summary() {
    return (preVote ? "PreVote t" : transfer ? "RV(transfer) t" : "RV t") + term + " last=" + lastLogIndex + "/"
        + lastLogTerm;
  }

  @Override
  public String kind() {
    return "RequestVote";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
