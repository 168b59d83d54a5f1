package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Static configuration of a Raft cluster as seen by one node.
 *
 * @param clusterSize number of servers; they have ids 0..clusterSize-1
 * @param noOpOnElection whether a new leader appends a no-op entry of its term at once
 * @param maxEntriesPerAppend upper bound on entries carried by one AppendEntries
 * @param bugs planted bugs switched on (stored as an unmodifiable EnumSet copy)
 * @param options reads, PreVote and CheckQuorum ({@link ProtocolOptions#PLAIN}: Figure 2 alone)
 * @param initialVoters the initial configuration's voters as a bit set (bit i: node i); servers outside it are
 *     spares that wait to be added. All servers by default.
 * @param disruptionGuard once the configuration is not "every server a voter", a server that heard from the leader
 *     within the minimum election timeout ignores RequestVote (dissertation §4.2.3; liveness only). On by default;
 *     the model checker turns it off, which only adds behaviours (an ignored request is a dropped one)
 */
public record RaftConfig(int clusterSize, boolean noOpOnElection, int maxEntriesPerAppend, Set<PlantedBug> bugs,
    ProtocolOptions options, long initialVoters, boolean disruptionGuard) {

  /** Small on purpose: realistic batch limits make some planted bugs reachable. */
  public static final int DEFAULT_MAX_ENTRIES_PER_APPEND = 8;

  public RaftConfig {
    if (clusterSize < 1) {
      throw new IllegalArgumentException("clusterSize must be >= 1, got " + clusterSize);
    }
    if (maxEntriesPerAppend < 1) {
      throw new IllegalArgumentException("maxEntriesPerAppend must be >= 1, got " + maxEntriesPerAppend);
    }
    Objects.requireNonNull(bugs, "bugs");
    Objects.requireNonNull(options, "options");
    if (initialVoters == 0 || (initialVoters & ~Membership.all(clusterSize)) != 0) {
      throw new IllegalArgumentException("initial voters " + Long.toBinaryString(initialVoters)
          + " must be a non-empty subset of the " + clusterSize + " servers");
    }
    EnumSet<PlantedBug> copy = EnumSet.noneOf(PlantedBug.class);
    for (PlantedBug b : bugs) {
      copy.add(Objects.requireNonNull(b, "null bug"));
    }
    bugs = Collections.unmodifiableSet(copy);
  }

  public RaftConfig(int clusterSize, boolean noOpOnElection, int maxEntriesPerAppend, Set<PlantedBug> bugs) {
    this(clusterSize, noOpOnElection, maxEntriesPerAppend, bugs, ProtocolOptions.PLAIN);
  }

  /** Every server an initial voter (no spares). */
  public RaftConfig(int clusterSize, boolean noOpOnElection, int maxEntriesPerAppend, Set<PlantedBug> bugs,
      ProtocolOptions options) {
    this(clusterSize, noOpOnElection, maxEntriesPerAppend, bugs, options, Membership.all(clusterSize), true);
  }

  /** No-op on election, {@value #DEFAULT_MAX_ENTRIES_PER_APPEND} entries per append, no bugs. */
  public static RaftConfig defaults(int clusterSize) {
    return new RaftConfig(clusterSize, true, DEFAULT_MAX_ENTRIES_PER_APPEND, Set.of());
  }

  public boolean has(PlantedBug bug) {
    return bugs.contains(bug);
  }

  /** Number of votes (or replicas) that form a majority of the whole cluster (the initial voters, without spares). */
  public int quorum() {
    return Long.bitCount(initialVoters) / 2 + 1;
  }

  /** Whether some servers start as spares (outside the initial configuration). */
  public boolean hasSpares() {
    return initialVoters != Membership.all(clusterSize);
  }

  public RaftConfig withInitialVoters(long voters) {
    return new RaftConfig(clusterSize, noOpOnElection, maxEntriesPerAppend, bugs, options, voters, disruptionGuard);
  }

  public RaftConfig withBugs(Set<PlantedBug> newBugs) {
    return new RaftConfig(clusterSize, noOpOnElection, maxEntriesPerAppend, newBugs, options, initialVoters,
        disruptionGuard);
  }

  public RaftConfig withBug(PlantedBug bug) {
    EnumSet<PlantedBug> s = EnumSet.noneOf(PlantedBug.class);
    s.addAll(bugs);
    s.add(bug);
    return withBugs(s);
  }

  public RaftConfig withNoOpOnElection(boolean noOp) {
    return new RaftConfig(clusterSize, noOp, maxEntriesPerAppend, bugs, options, initialVoters, disruptionGuard);
  }

  public RaftConfig withMaxEntriesPerAppend(int max) {
    return new RaftConfig(clusterSize, noOpOnElection, max, bugs, options, initialVoters, disruptionGuard);
  }

  public RaftConfig withOptions(ProtocolOptions o) {
    return new RaftConfig(clusterSize, noOpOnElection, maxEntriesPerAppend, bugs, o, initialVoters, disruptionGuard);
  }

  public RaftConfig withDisruptionGuard(boolean on) {
    return new RaftConfig(clusterSize, noOpOnElection, maxEntriesPerAppend, bugs, options, initialVoters, on);
  }

  /** Value-based (the default would hash enum constants by identity). */
  @Override
  public int hashCode() {
    long h = Hashing.combine(Hashing.SEED, clusterSize);
    h = Hashing.combine(h, noOpOnElection);
    h = Hashing.combine(h, maxEntriesPerAppend);
    long mask = 0;
    for (PlantedBug b : bugs) {
      mask |= 1L << b.ordinal();
    }
    h = Hashing.combine(h, mask);
    if (!options.plain()) {
      h = Hashing.combine(h, options.digest());
    }
    if (hasSpares()) {
      h = Hashing.combine(h, initialVoters);
    }
    if (!disruptionGuard) {
      h = Hashing.combine(h, 0x4E4F4755L);
    }
    return Hashing.fold(h);
  }
}
