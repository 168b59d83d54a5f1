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
 * @param config the configuration in effect at {@code index} (the paper's section 7: the snapshot holds the latest
 *     configuration), or null for the cluster's initial configuration
 * @param configIndex the index of the entry that held {@code config} (0 with null)
 */
public record Snapshot(int index, long term, long logDigest, long stateDigest, Object state, Membership config,
    int configIndex) {

  public Snapshot {
    if (index < 1 || term < 1 || configIndex < 0 || configIndex > index || (config == null && configIndex != 0)) {
      throw new IllegalArgumentException("malformed snapshot: index=" + index + " term=" + term + " config "
          + config + " at " + configIndex);
    }
  }

  /** A snapshot whose configuration is the cluster's initial one (the node fills in another when it compacts). */
  public Snapshot(int index, long term, long logDigest, long stateDigest, Object state) {
    this(index, term, logDigest, stateDigest, state, null, 0);
  }

  /** The same snapshot holding configuration {@code c}, from the entry at {@code at} (null: the initial one). */
  public Snapshot withConfig(Membership c, int at) {
    return new Snapshot(index, term, logDigest, stateDigest, state, c, c == null ? 0 : at);
  }

  /** Value-based over every field but the opaque image, which {@code stateDigest} stands for. */
  public long fingerprint() {
    long h = Hashing.combine(0x534E4150L, index);
    h = Hashing.combine(h, term);
    h = Hashing.combine(h, logDigest);
    h = Hashing.combine(h, stateDigest);
    // (a snapshot of the initial configuration hashes as snapshots did before configurations existed)
    return config == null ? h : Hashing.combine(Hashing.combine(h, config.digest()), configIndex);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Snapshot s && index == s.index && term == s.term && logDigest == s.logDigest
        && stateDigest == s.stateDigest && configIndex == s.configIndex
        && java.util.Objects.equals(config, s.config);
  }

  @Override
  public int hashCode() {
    return Hashing.fold(fingerprint());
  }

  @Override
  public String toString() {
    return "Snapshot[index=" + index + ", term=" + term + ", state=" + Long.toHexString(stateDigest)
        + (config == null ? "" : ", " + config.describe() + "@" + configIndex) + "]";
  }
}
