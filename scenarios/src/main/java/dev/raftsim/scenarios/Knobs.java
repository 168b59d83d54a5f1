package dev.raftsim.scenarios;

import dev.raftsim.raft.ReadMode;
import dev.raftsim.sim.Prng;

/**
 * Swarm testing of configuration, as FoundationDB's simulator randomises its knobs: under the swarm profile each
 * schedule also draws legitimate Raft and host settings from its seed — whether a new leader appends a no-op,
 * how many entries one AppendEntries carries, how wide the election timeout range is, how busy the clients are,
 * how long the disk takes to write back unsynced data, how leaders answer GETs (through the log, ReadIndex or a
 * lease), whether PreVote and CheckQuorum are on, how
 * often servers snapshot (from every 2 applied entries to never), how many servers start as spares outside the
 * configuration, and how busy the reconfiguration client is. Every drawn value is one a real deployment could
 * choose, so the correct model must survive all of them; bugs that hide behind one setting come out under
 * another. The drawn configuration is part of the run's spec, so counterexamples replay it exactly.
 */
public final class Knobs {
  public static final String STREAM = "knobs";
  /** A stream of its own, so that adding these knobs left every earlier knob's draw as it was. */
  public static final String PROTOCOL_STREAM = "knobs.protocol";
  /** The membership knobs' own stream, for the same reason. */
  public static final String MEMBERSHIP_STREAM = "knobs.membership";
  /** Reconfiguration requests per simulated second; 0 is off. */
  private static final double[] RECONFIG_RATE = {0, 0.5, 1, 2, 5};
  private static final int[] NEMESIS_PERCENT = {0, 0, 20, 50};
  /** The share of swarm schedules that draw membership knobs at all. */
  private static final double MEMBERSHIP_SHARE = 1.0 / 3;

  private static final int[] BATCH = {1, 2, 4, 8, 64};
  private static final long[][] ELECTION = {{150_000, 300_000}, {150_000, 180_000}, {100_000, 120_000}, {200_000, 600_000}};
  private static final long[] THINK = {5_000, 15_000, 40_000, 100_000};
  private static final long[] WRITEBACK = {1_000, 5_000, 50_000, 500_000};
  /** Snapshot every N applied entries; 0 is never. Drawn last, so the knobs drawn before it kept their values. */
  private static final int[] SNAPSHOT_EVERY = {0, 2, 3, 5, 10, 100};

  private Knobs() {}

  /** Knob groups that {@link #copyOne} can take from a donor. */
  public static final int GROUPS = 11;

  /**
   * {@code c} with knob group {@code group} (0 to {@link #GROUPS} - 1) taken from {@code donor}, a configuration
   * drawn by {@link #draw} from the same base: a guided campaign's knob mutation. Every group is one that swarm
   * draws, so the result is one {@link #draw} could have made. Group 10 is membership (spares and the
   * reconfiguration client); it is copied only onto a configuration without either, since the client's requests
   * are in the plan: the caller draws them ({@link RunSpec#withReconfiguration}).
   */
  public static ClusterConfig copyOne(ClusterConfig c, ClusterConfig donor, int group) {
    ProtocolKnobs p = c.protocol();
    ProtocolKnobs d = donor.protocol();
    switch (group) {
      case 0:
        return c.withNoOpOnElection(donor.noOpOnElection());
      case 1:
        return c.withMaxEntriesPerAppend(donor.maxEntriesPerAppend());
      case 2:
        return c.withTimeouts(donor.electionMinMicros(), donor.electionMaxMicros(), donor.heartbeatMicros());
      case 3:
        return c.withClientThinkMean(donor.clientThinkMeanMicros());
      case 4:
        return c.withWritebackMicros(donor.writebackMicros());
      case 5:
        return c.withProtocol(p.withReadMode(d.readMode()));
      case 6:
        return c.withProtocol(p.withPreVote(d.preVote()));
      case 7:
        return c.withProtocol(p.withCheckQuorum(d.checkQuorum()));
      case 8:
        return c.withProtocol(p.withGetPercent(d.getPercent()));
      case 9:
        return c.withSnapshotEvery(donor.snapshotEvery());
      case 10:
        if (c.spares() != 0 || c.reconfig().on()) {
          return c;
        }
        return c.withSpares(donor.spares()).withReconfig(donor.reconfig());
      default:
        throw new IllegalArgumentException("no knob group " + group);
    }
  }

  public static ClusterConfig draw(ClusterConfig base, long seed) {
    Prng r = Prng.derive(seed, STREAM);
    long[] election = ELECTION[r.nextInt(ELECTION.length)];
    ClusterConfig drawn = base.withNoOpOnElection(r.chance(0.6))
        .withMaxEntriesPerAppend(BATCH[r.nextInt(BATCH.length)])
        .withTimeouts(election[0], election[1], Math.min(base.heartbeatMicros(), election[0] / 2))
        .withClientThinkMean(THINK[r.nextInt(THINK.length)])
        .withWritebackMicros(WRITEBACK[r.nextInt(WRITEBACK.length)])
        .withProtocol(drawProtocol(base.protocol(), seed))
        .withSnapshotEvery(SNAPSHOT_EVERY[r.nextInt(SNAPSHOT_EVERY.length)]);
    return drawMembership(drawn, base, seed);
  }

  /**
   * In a third of the schedules: spares (0 to 2, fewer on small clusters) and the reconfiguration client (off a
   * fifth of the time, else at 0.5 to 5 requests per second, with a mix and a nemesis share). A base whose reconfiguration knobs are {@link
   * ReconfigKnobs#fixed} keeps them and its spares; one that sets spares or turns the client on keeps those.
   */
  static ClusterConfig drawMembership(ClusterConfig c, ClusterConfig base, long seed) {
    if (base.reconfig().fixed()) {
      return c;
    }
    Prng r = Prng.derive(seed, MEMBERSHIP_STREAM);
    // A third of the schedules: the other two thirds stay exactly the schedules swarm drew before membership
    // changes existed (same plan, same digest), so the campaigns and hard cases found then are found again.
    if (!r.chance(MEMBERSHIP_SHARE)) {
      return c;
    }
    int spares = r.nextInt(3);
    double rate = RECONFIG_RATE[r.nextInt(RECONFIG_RATE.length)];
    ReconfigKnobs.Mix[] mixes = ReconfigKnobs.Mix.values();
    ReconfigKnobs.Mix mix = mixes[r.nextInt(mixes.length)];
    int nemesis = NEMESIS_PERCENT[r.nextInt(NEMESIS_PERCENT.length)];
    ClusterConfig out = c;
    if (base.spares() == 0) {
      // Keep at least three voters where there are three servers: spares come out of the cluster's servers.
      out = out.withSpares(Math.max(0, Math.min(spares, c.nodes() - 3)));
    }
    if (!base.reconfig().on()) {
      out = out.withReconfig(new ReconfigKnobs(rate, mix, nemesis));
    }
    return out;
  }

  /**
   * The read mode (log, ReadIndex or lease, evenly), PreVote and CheckQuorum (each half the time), and half of
   * the time a read-heavy workload (80% GETs). The drift bound
   * stays the base's: the skew fault stays within the default one, so lease reads must be safe under swarm.
   */
  static ProtocolKnobs drawProtocol(ProtocolKnobs base, long seed) {
    Prng r = Prng.derive(seed, PROTOCOL_STREAM);
    ReadMode[] modes = ReadMode.values();
    return base.withReadMode(modes[r.nextInt(modes.length)]).withPreVote(r.chance(0.5)).withCheckQuorum(r.chance(0.5))
        .withGetPercent(r.chance(0.5) ? 80 : base.getPercent());
  }
}
