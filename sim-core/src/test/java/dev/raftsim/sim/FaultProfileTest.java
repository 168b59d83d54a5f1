package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultProfileTest {
  @Test
  void plansArePureFunctionsOfTheStream() {
    for (FaultProfile p : FaultProfile.values()) {
      assertEquals(p.generate(new Prng(4), 5, 5_000_000), p.generate(new Prng(4), 5, 5_000_000), p.cliName());
    }
  }

  @Test
  void noneHasNoFaultsAndJudgesLivenessFromTheStart() {
    FaultPlan plan = FaultProfile.NONE.generate(new Prng(1), 5, 5_000_000);
    assertTrue(plan.actions().isEmpty());
    assertEquals(0, plan.healAtMicros());
  }

  @Test
  void slowButOtherwiseFaultlessNetworksStillGetAHealPhase() {
    FaultProfile.Mix slow = new FaultProfile.Mix(NetworkParams.calm().withDelay(1_000, 200_000), 0, 0, 0, 0, 0, 0, 0, 0);
    FaultPlan plan = FaultProfile.generate(slow, new Prng(1), 5, 6_000_000);
    assertEquals(6_000_000, plan.healAtMicros());
    assertTrue(plan.actions().get(plan.actions().size() - 1).fault() instanceof Fault.HealAll);
  }

  @Test
  void faultsStopBeforeHealAndHealAllComesLast() {
    for (long seed = 0; seed < 200; seed++) {
      FaultPlan plan = FaultProfile.SWARM.generate(new Prng(seed), 5, 4_000_000);
      for (TimedFault tf : plan.actions()) {
        assertTrue(tf.atMicros() <= 4_000_000);
      }
      if (plan.healAtMicros() > 0) {
        TimedFault last = plan.actions().get(plan.actions().size() - 1);
        assertTrue(last.fault() instanceof Fault.HealAll, plan.toString());
      }
    }
  }

  @Test
  void swarmMixesDifferAcrossSeedsAndSwitchFaultsOff() {
    Set<String> mixes = new HashSet<>();
    int crashFree = 0;
    int crashy = 0;
    for (long seed = 0; seed < 200; seed++) {
      FaultProfile.Mix mix = FaultProfile.SWARM.mix(new Prng(seed));
      mixes.add(mix.describe());
      if (mix.crashesPerSecond() == 0) {
        crashFree++;
      } else {
        crashy++;
      }
    }
    assertEquals(200, mixes.size());
    assertTrue(crashFree > 50 && crashy > 50, crashFree + " / " + crashy);
  }

  @Test
  void crashesArePairedWithRestartsAndNeverOverlapOnANode() {
    FaultPlan plan = FaultProfile.CRASHES.generate(new Prng(8), 5, 20_000_000);
    boolean[] down = new boolean[5];
    int crashes = 0;
    for (TimedFault tf : plan.actions()) {
      if (tf.fault() instanceof Fault.Crash c) {
        assertFalse(down[c.node()]);
        down[c.node()] = true;
        crashes++;
      } else if (tf.fault() instanceof Fault.Restart r) {
        down[r.node()] = false;
      } else if (tf.fault() instanceof Fault.CrashPrimary) {
        crashes++;
      }
    }
    assertTrue(crashes > 5);
  }

  @Test
  void leaderHuntingBurstsAppearInSwarmPlans() {
    int withBursts = 0;
    for (long seed = 0; seed < 100; seed++) {
      FaultPlan plan = FaultProfile.SWARM.generate(new Prng(seed), 5, 6_000_000);
      if (plan.actions().stream().anyMatch(tf -> tf.fault() instanceof Fault.CutNextPrimary)) {
        withBursts++;
      }
    }
    assertTrue(withBursts > 20 && withBursts < 90, "bursts in " + withBursts + " of 100 plans");
  }

  @Test
  void profileNamesRoundTrip() {
    for (FaultProfile p : FaultProfile.values()) {
      assertEquals(p, FaultProfile.fromCliName(p.cliName()).orElseThrow());
    }
    assertTrue(FaultProfile.fromCliName("nope").isEmpty());
  }
}
