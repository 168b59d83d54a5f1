package dev.raftsim.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a server is created with. Servers are nodes 0..clusterSize-1; clients have ids from clusterSize on.
 *
 * @param id this node
 * @param clusterSize number of servers, spares included
 * @param initialVoters the voters of the initial configuration as a bit set over node ids (bit i: node i); servers
 *     outside it are spares that start with no role in the cluster and wait to be added (see {@link
 *     MembershipChange})
 * @param incarnation 0 at the first start, +1 at every restart
 * @param durableRecords after a restart, the records written to the {@link DurableStore} that survived the crash,
 *     in write order (empty at incarnation 0)
 * @param options the {@link ImplementationOption} names switched on for this run
 * @param settings timing and Raft knobs drawn for this run
 */
public record NodeSetup(int id, int clusterSize, long initialVoters, int incarnation, List<Object> durableRecords,
    Set<String> options, Settings settings) {

  public NodeSetup {
    if (id < 0 || id >= clusterSize) {
      throw new IllegalArgumentException("node id " + id + " outside 0.." + (clusterSize - 1));
    }
    durableRecords = List.copyOf(durableRecords);
    options = Set.copyOf(options);
    Objects.requireNonNull(settings, "settings");
    if (initialVoters == 0 || (initialVoters & ~allServers(clusterSize)) != 0) {
      throw new IllegalArgumentException("initial voters " + Long.toBinaryString(initialVoters)
          + " must be a non-empty subset of the " + clusterSize + " servers");
    }
  }

  /** Every server a voter from the start (no spares). */
  public NodeSetup(int id, int clusterSize, int incarnation, List<Object> durableRecords, Set<String> options,
      Settings settings) {
    this(id, clusterSize, allServers(clusterSize), incarnation, durableRecords, options, settings);
  }

  /** The bit set of servers 0..clusterSize-1. */
  public static long allServers(int clusterSize) {
    return clusterSize >= 64 ? -1L : (1L << clusterSize) - 1;
  }

  /** Whether this server is a voter of the initial configuration (a spare is not). */
  public boolean initiallyVoter() {
    return (initialVoters >>> id & 1) != 0;
  }

  public boolean has(String option) {
    return options.contains(option);
  }

  /**
   * The run's timing and knobs. An implementation uses what applies to it and ignores the rest.
   *
   * @param electionMinMicros election timeouts are drawn from [min, max) (use {@link NodeHost#random()})
   * @param electionMaxMicros see above
   * @param heartbeatMicros the leader's heartbeat interval
   * @param noOpOnElection whether a new leader appends a no-op entry of its term
   * @param maxEntriesPerAppend upper bound on the entries one append message carries
   * @param extensions false: plain Figure 2 Raft (the four knobs below are at their defaults and mean nothing)
   * @param readMode how a leader answers reads: {@code log}, {@code index} (ReadIndex) or {@code lease}
   * @param preVote whether elections start with a pre-vote round
   * @param checkQuorum whether a leader steps down without a quorum (and followers that hear one refuse votes)
   * @param clockDriftPermille the clock-drift bound a lease may assume
   */
  public record Settings(long electionMinMicros, long electionMaxMicros, long heartbeatMicros, boolean noOpOnElection,
      int maxEntriesPerAppend, boolean extensions, String readMode, boolean preVote, boolean checkQuorum,
      int clockDriftPermille, int snapshotEvery) {

    /** Without log compaction ({@code snapshotEvery} 0). */
    public Settings(long electionMinMicros, long electionMaxMicros, long heartbeatMicros, boolean noOpOnElection,
        int maxEntriesPerAppend, boolean extensions, String readMode, boolean preVote, boolean checkQuorum,
        int clockDriftPermille) {
      this(electionMinMicros, electionMaxMicros, heartbeatMicros, noOpOnElection, maxEntriesPerAppend, extensions,
          readMode, preVote, checkQuorum, clockDriftPermille, 0);
    }

    /** Plain Figure 2 settings. */
    public Settings(long electionMinMicros, long electionMaxMicros, long heartbeatMicros, boolean noOpOnElection,
        int maxEntriesPerAppend) {
      this(electionMinMicros, electionMaxMicros, heartbeatMicros, noOpOnElection, maxEntriesPerAppend, false, "log",
          false, false, 2000, 0);
    }
  }
}
