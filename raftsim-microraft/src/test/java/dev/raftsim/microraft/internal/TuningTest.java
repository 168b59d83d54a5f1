package dev.raftsim.microraft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.spi.NodeSetup.Settings;
import io.microraft.RaftConfig;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TuningTest {
  private static Settings settings(long electionMin, int batch, String readMode, int snapshotEvery) {
    return new Settings(electionMin, electionMin * 2, 50_000, true, batch, true, readMode, true, false, 2000,
        snapshotEvery);
  }

  @Test
  void sameSettingsSameConfig() {
    Tuning a = Tuning.of(settings(150_000, 8, "lease", 5));
    Tuning b = Tuning.of(settings(150_000, 8, "lease", 5));
    assertEquals(a.describe(), b.describe());
  }

  @Test
  void knobsMapAndStayLegalAcrossTheRange() {
    Set<String> seen = new HashSet<>();
    int[] batches = {1, 2, 4, 8, 64};
    int[] snaps = {0, 2, 3, 5, 10, 100};
    String[] modes = {"log", "index", "lease"};
    for (int b : batches) {
      for (int s : snaps) {
        for (String m : modes) {
          Tuning t = Tuning.of(settings(100_000 + 50_000L * (b % 3), b, m, s));
          RaftConfig c = t.config();
          assertEquals(b, c.getAppendEntriesRequestBatchSize());
          if (s == 0) {
            assertTrue(c.getCommitCountToTakeSnapshot() >= 1000, "never snapshotting maps to a large interval");
          } else if (s != 2) {
            assertEquals(s, c.getCommitCountToTakeSnapshot());
          }
          assertTrue(c.getLeaderHeartbeatTimeoutSecs() >= c.getLeaderHeartbeatPeriodSecs());
          assertTrue(c.getLeaderElectionTimeoutMillis() > 0);
          assertTrue(t.microsPerMilli() >= 50 && t.microsPerMilli() <= 100);
          assertTrue(t.snapshotChunks() >= 1 && t.snapshotChunks() <= 3);
          seen.add(c.getLeaderHeartbeatPeriodSecs() + "/" + c.getLeaderHeartbeatTimeoutSecs() + "/"
              + c.getMaxPendingLogEntryCount() + "/" + c.isTransferSnapshotsFromFollowersEnabled() + "/"
              + t.microsPerMilli());
        }
      }
    }
    assertTrue(seen.size() > 20, "MicroRaft's own knobs vary between schedules: " + seen.size());
  }

  @Test
  void scalesMicroRaftTimeToVirtualTime() {
    Tuning t = Tuning.of(settings(150_000, 8, "log", 0));
    assertEquals(1000 * t.microsPerMilli(), t.virtualMicros(1_000_000_000L)); // one MicroRaft second
    assertEquals(0, t.virtualMicros(0));
  }
}
