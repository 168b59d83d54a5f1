package dev.raftsim.raft;

/**
 * The optional protocol beyond Figure 2 that reads and elections use: how GETs are served, PreVote and CheckQuorum
 * (dissertation §9.6 with etcd's semantics), and the times they need. {@link #PLAIN} is Figure 2 alone: nothing in
 * the node, its messages or its fingerprints differs from a node without these options.
 *
 * @param readMode how the leader answers GETs
 * @param preVote a node whose election timer fires first asks whether a quorum would vote for it, without changing
 *     any term; only a quorum of yes starts a real election
 * @param checkQuorum a leader that has not heard from a quorum within an election timeout steps down, and a server
 *     that has heard from a leader since its election timer last fired ignores RequestVote of a higher term
 * @param electionTimeoutMicros the minimum election timeout, by the node's own clock (CheckQuorum, leases)
 * @param clockDriftPermille the assumed bound on clock drift: no clock runs more than this many thousandths as fast
 *     as any other (1000: perfect clocks; 2000: a factor of two). The lease lasts electionTimeout divided by it.
 */
public record ProtocolOptions(ReadMode readMode, boolean preVote, boolean checkQuorum, long electionTimeoutMicros,
    int clockDriftPermille) {

  public static final ProtocolOptions PLAIN = new ProtocolOptions(ReadMode.LOG, false, false, 0, 1000);

  public ProtocolOptions {
    if (readMode == null) {
      throw new IllegalArgumentException("readMode must not be null");
    }
    if (electionTimeoutMicros < 0 || ((checkQuorum || readMode == ReadMode.LEASE) && electionTimeoutMicros == 0)) {
      throw new IllegalArgumentException("CheckQuorum and leases need a positive election timeout, got "
          + electionTimeoutMicros);
    }
    if (clockDriftPermille < 1000) {
      throw new IllegalArgumentException("the clock drift bound is a ratio >= 1000 permille, got "
          + clockDriftPermille);
    }
  }

  /** Whether the node needs a clock from its host ({@link RaftOutput#localTimeMicros()}). */
  public boolean needsClock() {
    return checkQuorum || readMode == ReadMode.LEASE;
  }

  /** Value-based hash (a record's own hashCode would hash the enum by identity). */
  public long digest() {
    long h = dev.raftsim.raft.internal.Hashing.combine(0x50524FL, readMode.ordinal());
    h = dev.raftsim.raft.internal.Hashing.combine(h, preVote);
    h = dev.raftsim.raft.internal.Hashing.combine(h, checkQuorum);
    h = dev.raftsim.raft.internal.Hashing.combine(h, electionTimeoutMicros);
    return dev.raftsim.raft.internal.Hashing.combine(h, clockDriftPermille);
  }

  @Override
  public int hashCode() {
    return dev.raftsim.raft.internal.Hashing.fold(digest());
  }

  public boolean plain() {
    return equals(PLAIN);
  }
}
