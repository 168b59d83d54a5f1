package dev.raftsim.microraft.internal;

import dev.raftsim.spi.NodeSetup.Settings;
import io.microraft.RaftConfig;

/**
 * MicroRaft's {@code RaftConfig} for one schedule, and the time scale of its clock. The host's swarm draws the
 * settings per schedule; the knobs both sides have map directly (election timeout, entries per append, snapshot
 * interval) and MicroRaft's own knobs (heartbeat period and timeout, pending-entry bound, snapshot transfer from
 * followers, snapshot chunk count, time scale) are drawn from a value-based hash of the settings, so that every
 * node of a run gets the same config and a replay gets it again.
 *
 * <p><b>Time scale.</b> MicroRaft counts heartbeats in whole seconds (at least one) and its leader backoff in fixed
 * 250 ms rounds, while a raftsim run lasts seconds of virtual time. MicroRaft's clock and executor therefore run
 * {@code 1000 / microsPerMilli} times faster than virtual time: one MicroRaft millisecond is {@code microsPerMilli}
 * virtual microseconds. Every MicroRaft duration scales alike, so its protocol sees consistent time.
 *
 * @param microsPerMilli virtual microseconds per MicroRaft millisecond
 * @param config the MicroRaft config of every node of the run
 * @param snapshotChunks how many chunks the state machine cuts a snapshot into
 */
public record Tuning(long microsPerMilli, RaftConfig config, int snapshotChunks) {
  private static final long[] SCALE = {50, 75, 100};
  private static final int[] PENDING = {8, 64, 1000};
  /**
   * Snapshot interval when the host's settings never snapshot: beyond a default run's log. (MicroRaft allocates
   * its log ring eagerly at about this size, so it is not "infinite".)
   */
  private static final int NEVER = 4096;

  public static Tuning of(Settings s) {
    long h = mix(s.electionMinMicros());
    h = mix(h ^ s.electionMaxMicros());
    h = mix(h ^ s.heartbeatMicros());
    h = mix(h ^ s.maxEntriesPerAppend());
    h = mix(h ^ s.snapshotEvery());
    h = mix(h ^ (s.noOpOnElection() ? 1 : 2) ^ (s.preVote() ? 4 : 8) ^ (s.checkQuorum() ? 16 : 32));
    h = mix(h ^ (s.extensions() ? 64 : 128) ^ s.clockDriftPermille());
    for (int i = 0; i < s.readMode().length(); i++) {
      h = mix(h ^ s.readMode().charAt(i));
    }
    Draw d = new Draw(h);
    long scale = SCALE[d.next(SCALE.length)];
    long electionMillis = Math.max(10, s.electionMinMicros() / scale);
    int period = 1 + d.next(2);
    int timeout = period + d.next(3);
    int snapshotEvery = s.snapshotEvery() > 0 ? s.snapshotEvery() : NEVER;
    if (s.snapshotEvery() == 2 && d.next(2) == 0) {
      snapshotEvery = 1; // the smallest legal interval: a snapshot after every commit
    }
    RaftConfig config = RaftConfig.newBuilder()
        .setLeaderElectionTimeoutMillis(electionMillis)
        .setLeaderHeartbeatPeriodSecs(period)
        .setLeaderHeartbeatTimeoutSecs(timeout)
        .setAppendEntriesRequestBatchSize(Math.max(1, s.maxEntriesPerAppend()))
        .setCommitCountToTakeSnapshot(snapshotEvery)
        .setMaxPendingLogEntryCount(PENDING[d.next(PENDING.length)])
        .setTransferSnapshotsFromFollowersEnabled(d.next(2) == 0)
        // Reports are only for monitoring; publishing them periodically would cost time and change nothing.
        .setRaftNodeReportPublishPeriodSecs(3600)
        .build();
    return new Tuning(scale, config, 1 + d.next(3));
  }

  /** Virtual microseconds for a MicroRaft duration in nanoseconds of its own time. */
  public long virtualMicros(long microRaftNanos) {
    return Math.max(0, microRaftNanos / 1000 * microsPerMilli / 1000);
  }

  /** One line for traces and docs. */
  public String describe() {
    return "electionTimeout=" + config.getLeaderElectionTimeoutMillis() + "ms heartbeat="
        + config.getLeaderHeartbeatPeriodSecs() + "s/" + config.getLeaderHeartbeatTimeoutSecs() + "s batch="
        + config.getAppendEntriesRequestBatchSize() + " snapshotEvery=" + config.getCommitCountToTakeSnapshot()
        + " maxPending=" + config.getMaxPendingLogEntryCount() + " snapshotsFromFollowers="
        + config.isTransferSnapshotsFromFollowersEnabled() + " chunks=" + snapshotChunks + " scale=1ms:"
        + microsPerMilli + "us";
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static final class Draw {
    private long state;

    Draw(long seed) {
      state = seed;
    }

    int next(int bound) {
      state = mix(state + 0x9e3779b97f4a7c15L);
      return (int) Long.remainderUnsigned(state, bound);
    }
  }
}
