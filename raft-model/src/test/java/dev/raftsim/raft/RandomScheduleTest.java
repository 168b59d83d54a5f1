package dev.raftsim.raft;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The correct model under seeded random schedules (loss, duplication, reordering, crashes, frequent
 * timeouts): no safety violation and no internal assertion; once faults stop, a leader is elected and
 * every log converges.
 */
class RandomScheduleTest {

  @Test
  void correctModelStaysSafeAndRecoversAfterRandomFaults() {
    int committedDuringChaos = 0;
    for (long seed = 1; seed <= 12; seed++) {
      RaftConfig cfg = RaftConfig.defaults(seed % 2 == 0 ? 5 : 3).withMaxEntriesPerAppend(1 + (int) (seed % 3));
      Chaos chaos = new Chaos(cfg, seed);
      String violation = chaos.run(3000);
      long s = seed;
      assertNull(violation, () -> "seed " + s + ": " + violation + "\n" + chaos.recentActions());
      if (chaos.maxCommitted() > 1) {
        committedDuringChaos++;
      }
      String calm = chaos.calmDown();
      assertNull(calm, () -> "seed " + s + " after faults stopped: " + calm);
    }
    assertTrue(committedDuringChaos >= 6, "progress even under faults in most runs: " + committedDuringChaos);
  }
}
