package dev.raftsim.scenarios;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.ProtocolOptions;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.sim.Limits;
import java.util.EnumSet;
import java.util.Set;

/**
 * One immutable value describing the simulated cluster: Raft's own settings, its timers, the client load and
 * the liveness bounds. Times are virtual microseconds. Defaults are what a user would expect from a small
 * production cluster: 5 nodes, election timeout 150-300 ms, heartbeat 50 ms, three clients issuing a steady
 * stream of operations.
 */
public record ClusterConfig(
    int nodes,
    int clients,
    long electionMinMicros,
    long electionMaxMicros,
    long heartbeatMicros,
    long clientThinkMeanMicros,
    long clientRetryMicros,
    int keys,
    boolean noOpOnElection,
    int maxEntriesPerAppend,
    Set<PlantedBug> bugs,
    long writebackMicros,
    long leaderBoundMicros,
    long commitBoundMicros,
    ProtocolKnobs protocol,
    int snapshotEvery,
    int spares,
    ReconfigKnobs reconfig) {

  public ClusterConfig {
    if (nodes < 1 || nodes > 15) {
      throw new IllegalArgumentException("nodes must be in 1..15, got " + nodes);
    }
    if (clients < 0 || clients > 64) {
      throw new IllegalArgumentException("clients must be in 0..64, got " + clients);
    }
    // Every field has a legal range, so that no configuration read from a file can overflow the clock or make
    // virtual time stand still (a zero retry interval would spin at one instant).
    Limits.check("electionMinMicros", electionMinMicros, 1, MAX_TIMER_MICROS);
    Limits.check("electionMaxMicros", electionMaxMicros, 1, MAX_TIMER_MICROS);
    if (electionMaxMicros < electionMinMicros) {
      throw new IllegalArgumentException("election timeout range must be ordered: electionMaxMicros "
          + electionMaxMicros + " < electionMinMicros " + electionMinMicros);
    }
    if (heartbeatMicros <= 0 || heartbeatMicros >= electionMinMicros) {
      throw new IllegalArgumentException("heartbeat must be positive and shorter than the election timeout");
    }
    Limits.check("clientThinkMeanMicros", clientThinkMeanMicros, 0, MAX_TIMER_MICROS);
    Limits.check("clientRetryMicros", clientRetryMicros, 1_000, MAX_TIMER_MICROS);
    Limits.check("keys", keys, 1, 1_000);
    Limits.check("maxEntriesPerAppend", maxEntriesPerAppend, 1, 1_000_000);
    Limits.check("writebackMicros", writebackMicros, 0, MAX_TIMER_MICROS);
    Limits.check("leaderBoundMicros", leaderBoundMicros, 1, Limits.MAX_MICROS);
    Limits.check("commitBoundMicros", commitBoundMicros, 1, Limits.MAX_MICROS);
    java.util.Objects.requireNonNull(bugs, "bugs");
    bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
    if (protocol == null) {
      throw new IllegalArgumentException("protocol knobs must not be null");
    }
    Limits.check("snapshotEvery", snapshotEvery, 0, 1_000_000);
    if (spares < 0 || spares >= nodes) {
      throw new IllegalArgumentException("spares must be in 0.." + (nodes - 1) + " (at least one of the " + nodes
          + " servers starts as a voter), got " + spares);
    }
    java.util.Objects.requireNonNull(reconfig, "reconfig");
  }

  /** Without spares or reconfiguration (the form before membership changes existed). */
  public ClusterConfig(int nodes, int clients, long electionMinMicros, long electionMaxMicros, long heartbeatMicros,
      long clientThinkMeanMicros, long clientRetryMicros, int keys, boolean noOpOnElection, int maxEntriesPerAppend,
      Set<PlantedBug> bugs, long writebackMicros, long leaderBoundMicros, long commitBoundMicros,
      ProtocolKnobs protocol, int snapshotEvery) {
    this(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, snapshotEvery, 0, ReconfigKnobs.OFF);
  }

  /**
   * The voters of the initial configuration as a bit set over node ids: every server but the last {@link #spares}
   * ones, which start outside the configuration and wait to be added.
   */
  public long initialVoters() {
    return dev.raftsim.spi.NodeSetup.allServers(nodes - spares);
  }

  /**
   * The last {@code n} of the servers start as spares, outside the initial configuration (the others are its
   * voters); {@code n} is capped at nodes - 1.
   */
  public ClusterConfig withSpares(int n) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros,
        leaderBoundMicros, commitBoundMicros, protocol, snapshotEvery, Math.min(n, nodes - 1), reconfig);
  }

  /** The reconfiguration client's knobs (its requests are drawn into the fault plan by {@link RunSpec#generate}). */
  public ClusterConfig withReconfig(ReconfigKnobs r) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros,
        leaderBoundMicros, commitBoundMicros, protocol, snapshotEvery, spares, r);
  }

  /** Figure 2's protocol ({@link ProtocolKnobs#PLAIN}). */
  public ClusterConfig(int nodes, int clients, long electionMinMicros, long electionMaxMicros, long heartbeatMicros,
      long clientThinkMeanMicros, long clientRetryMicros, int keys, boolean noOpOnElection, int maxEntriesPerAppend,
      Set<PlantedBug> bugs, long writebackMicros, long leaderBoundMicros, long commitBoundMicros) {
    this(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, ProtocolKnobs.PLAIN, 0);
  }

  /** Snapshots off (the form before the snapshot knob existed). */
  public ClusterConfig(int nodes, int clients, long electionMinMicros, long electionMaxMicros, long heartbeatMicros,
      long clientThinkMeanMicros, long clientRetryMicros, int keys, boolean noOpOnElection, int maxEntriesPerAppend,
      Set<PlantedBug> bugs, long writebackMicros, long leaderBoundMicros, long commitBoundMicros,
      ProtocolKnobs protocol) {
    this(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, 0);
  }

  /** Every server snapshots its state machine every {@code every} applied entries; 0 turns snapshots off. */
  public ClusterConfig withSnapshotEvery(int every) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros,
        leaderBoundMicros, commitBoundMicros, protocol, every, spares, reconfig);
  }

  /** The longest timer a cluster may set (election, heartbeat, client think and retry, writeback): one hour. */
  public static final long MAX_TIMER_MICROS = 3_600_000_000L;

  public static ClusterConfig defaults() {
    return defaults(5);
  }

  public static ClusterConfig defaults(int nodes) {
    return new ClusterConfig(nodes, 3, 150_000, 300_000, 50_000, 40_000, 200_000, 3, true, 8, Set.of(), 5_000,
        10 * 300_000, 2_000_000);
  }

  public RaftConfig raftConfig() {
    RaftConfig base = RaftConfig.defaults(nodes)
        .withNoOpOnElection(noOpOnElection)
        .withMaxEntriesPerAppend(maxEntriesPerAppend);
    if (!protocol.equals(ProtocolKnobs.PLAIN)) {
      base = base.withOptions(new ProtocolOptions(protocol.readMode(), protocol.preVote(), protocol.checkQuorum(),
          electionMinMicros, protocol.clockDriftPermille()));
    }
    return bugs.isEmpty() ? base : base.withBugs(EnumSet.copyOf(bugs));
  }

  public ClusterConfig withProtocol(ProtocolKnobs p) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros,
        leaderBoundMicros, commitBoundMicros, p, snapshotEvery, spares, reconfig);
  }

  /** {@code n} servers; the spares are capped at n - 1, so at least one server starts as a voter. */
  public ClusterConfig withNodes(int n) {
    return new ClusterConfig(n, clients, electionMinMicros, electionMaxMicros, heartbeatMicros, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, snapshotEvery, Math.max(0, Math.min(spares, n - 1)), reconfig);
  }

  public ClusterConfig withClients(int c) {
    return new ClusterConfig(nodes, c, electionMinMicros, electionMaxMicros, heartbeatMicros, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withBugs(Set<PlantedBug> b) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, b, writebackMicros,
        leaderBoundMicros, commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withClientThinkMean(long micros) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros, micros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withTimeouts(long electionMin, long electionMax, long heartbeat) {
    return new ClusterConfig(nodes, clients, electionMin, electionMax, heartbeat, clientThinkMeanMicros,
        clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, writebackMicros, 10 * electionMax,
        commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withMaxEntriesPerAppend(int max) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, max, bugs, writebackMicros, leaderBoundMicros,
        commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withWritebackMicros(long micros) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOpOnElection, maxEntriesPerAppend, bugs, micros,
        leaderBoundMicros, commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public ClusterConfig withNoOpOnElection(boolean noOp) {
    return new ClusterConfig(nodes, clients, electionMinMicros, electionMaxMicros, heartbeatMicros,
        clientThinkMeanMicros, clientRetryMicros, keys, noOp, maxEntriesPerAppend, bugs, writebackMicros,
        leaderBoundMicros, commitBoundMicros, protocol, snapshotEvery, spares, reconfig);
  }

  public boolean has(PlantedBug bug) {
    return bugs.contains(bug);
  }

  /** One line for summaries and reports. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(nodes).append(" nodes, ").append(clients).append(clients == 1 ? " client, election " : " clients, election ")
        .append(electionMinMicros / 1000).append('-').append(electionMaxMicros / 1000).append(" ms, heartbeat ")
        .append(heartbeatMicros / 1000).append(" ms");
    if (snapshotEvery > 0) {
      sb.append(", snapshot every ").append(snapshotEvery);
    }
    if (spares > 0) {
      sb.append(", ").append(spares).append(spares == 1 ? " spare" : " spares");
    }
    if (reconfig.on()) {
      sb.append(", ").append(reconfig.describe());
    }
    if (!bugs.isEmpty()) {
      sb.append(", bugs ");
      boolean first = true;
      for (PlantedBug b : EnumSet.copyOf(bugs)) {
        sb.append(first ? "" : "+").append(b.cliName());
        first = false;
      }
    }
    return sb.toString();
  }
}
