package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;

/**
 * A server's snapshot: the state machine after applying entries 1..{@code index}, which replaces that log prefix.
 * Immutable once built; the node treats {@code state} as opaque (the KV layer puts an image of its state machine
 * there, the model checker nothing) and compares snapshots by their digests only.
 *
 * @param index the last log index the snapshot includes (>= 1)
 * @param term the term of the entry at {@code index}
 * @param logDigest the chained prefix digest of entries 1..index ({@link RaftNode#prefixDigest}), so that a
 *     compacted log keeps comparing with uncompacted ones
 * @param stateDigest value-based digest of the state machine at {@code index}
 * @param state the state machine image, or null; never mutated by anyone after construction
 */
public record Snapshot(int index, long term, long logDigest, long stateDigest, Object state) {

  public Snapshot {
    if (index < 1 || term < 1) {
      throw new IllegalArgumentException("malformed snapshot: index=" + index + " term=" + term);
    }
  }

  /** Value-based over every field but the opaque image, which {@code stateDigest} stands for. */
  public long fingerprint() {
    long h = Hashing.combine(0x534E4150L, index);
    h = Hashing.combine(h, term);
    h = Hashing.combine(h, logDigest);
    return Hashing.combine(h, stateDigest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && index == s.index && term == s.term && logDigest == s.logDigest
        && stateDigest == s.stateDigest;
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }

  @Override
  public String toString() {
    return "Snapshot[index=" + index + ", term=" + term + ", state=" + Long.toHexString(stateDigest) + "]";
  }
}
