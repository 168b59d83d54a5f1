package dev.raftsim.scenarios;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.FaultProfile;
import java.util.EnumSet;

/** Shared helpers for the scenarios tests: finding a failing schedule by searching seeds, never by hard-coding one. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A swarm schedule of the campaign seed, its membership knobs fixed off (every server a voter, no reconfiguration
   * client): the schedules these tests were written against. Membership has tests of its own.
   */
  static RunSpec swarm(long seed, PlantedBug... bugs) {
    ClusterConfig c = ClusterConfig.defaults().withReconfig(ReconfigKnobs.OFF.asFixed());
    if (bugs.length > 0) {
      c = c.withBugs(EnumSet.of(bugs[0], bugs));
    }
    return RunSpec.generate(seed, c, FaultProfile.SWARM, 10_000_000);
  }

  /** The first failing run among campaign seeds 0..limit-1 of campaign 1, or an AssertionError. */
  static RunResult firstFailure(int limit, PlantedBug... bugs) {
    for (int i = 0; i < limit; i++) {
      RunResult r = Simulator.run(swarm(Campaign.scheduleSeed(1, i), bugs));
      if (r.failed()) {
        return r;
      }
    }
    throw new AssertionError("no failure in " + limit + " schedules with " + java.util.Arrays.toString(bugs));
  }
}
