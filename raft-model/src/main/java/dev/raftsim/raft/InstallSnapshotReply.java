package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A follower's answer to InstallSnapshot. {@code matchIndex} is the snapshot's last included index once the
 * follower holds it (installed now, or already covered by what it had committed); 0 when it refused the request
 * for a stale term, in which case {@code term} tells the old leader to step down.
 */
public record InstallSnapshotReply(long term, int followerId, int matchIndex) implements RaftMessage {

  public InstallSnapshotReply {
    if (term < 1 || followerId < 0 || matchIndex < 0) {
      throw new IllegalArgumentException("malformed InstallSnapshotReply: term=" + term + " follower=" + followerId
          + " match=" + matchIndex);
    }
  }

  @Override
  public int senderId() {
    return followerId;
  }

  @Override
  public long fingerprint() {
    long h = Hashing.combine(0x49535250L, term);
    h = Hashing.combine(h, followerId);
    return Hashing.combine(h, matchIndex);
  }

  @Override
  public String summary() {
    return "ISR t" + term + (matchIndex == 0 ? " stale" : " match=" + matchIndex);
  }

  @Override
  public String kind() {
    return "InstallSnapshotReply";
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }
}
