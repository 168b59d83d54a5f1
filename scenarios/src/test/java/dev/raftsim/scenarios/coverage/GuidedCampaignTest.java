package dev.raftsim.scenarios.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.CampaignConfig;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.Shrinker;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidedCampaignTest {
  @TempDir Path dir;

  private CampaignConfig config(String name, int schedules, int threads, int shard, int shards, ClusterConfig c,
      boolean guided, int maxFailures) {
    return new CampaignConfig(3, schedules, threads, shard, shards, c, FaultProfile.SWARM, 2_000_000,
        dir.resolve(name), maxFailures, false, Shrinker.Budget.DEFAULT, guided);
  }

  private static Map<String, Object> run(CampaignConfig c) throws Exception {
    return new Campaign(c, new Campaign.Listener() {}).run();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> coverage(Map<String, Object> summary) {
    return (Map<String, Object>) summary.get("coverage");
  }

  @Test
  void aGuidedCampaignIsTheSameAtOneAndTwoThreadsAndDiffersFromRandom() throws Exception {
    ClusterConfig c = ClusterConfig.defaults();
    Map<String, Object> one = run(config("g1", 30, 1, 0, 1, c, true, 0));
    Map<String, Object> two = run(config("g2", 30, 2, 0, 1, c, true, 0));
    Map<String, Object> random = run(config("r", 30, 2, 0, 1, c, false, 0));
    assertEquals(one.get("campaignDigest"), two.get("campaignDigest"));
    assertEquals(coverage(one), coverage(two));
    assertEquals(Files.readString(dir.resolve("g1").resolve(CampaignCoverage.STATES_FILE)),
        Files.readString(dir.resolve("g2").resolve(CampaignCoverage.STATES_FILE)));
    assertNotEquals(one.get("campaignDigest"), random.get("campaignDigest"));
    assertEquals(Boolean.TRUE, one.get("guided"));
    // The first generation is the random campaign's first schedules.
    Map<String, Object> firstGen = run(config("g8", Campaign.GENERATION, 2, 0, 1, c, true, 0));
    Map<String, Object> randomGen = run(config("r8", Campaign.GENERATION, 1, 0, 1, c, false, 0));
    assertEquals(randomGen.get("campaignDigest"), firstGen.get("campaignDigest"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void campaignCoverageIsFoldedInIndexOrderAndShardsUnionToTheWhole() throws Exception {
    ClusterConfig c = ClusterConfig.defaults();
    Map<String, Object> whole = coverage(run(config("w", 24, 2, 0, 1, c, false, 0)));
    Map<String, Object> again = coverage(run(config("w1", 24, 1, 0, 1, c, false, 0)));
    assertEquals(whole, again);
    Map<String, Object> hit = (Map<String, Object>) whole.get("pointsHit");
    assertTrue(hit.size() >= 30, hit.size() + " points hit");
    assertEquals(RunCoverage.POINTS, hit.size() + ((List<String>) whole.get("pointsNeverHit")).size());
    List<List<Long>> growth = (List<List<Long>>) whole.get("growth");
    for (int i = 1; i < growth.size(); i++) {
      assertTrue(growth.get(i).get(0) > growth.get(i - 1).get(0));
      assertTrue(growth.get(i).get(1) >= growth.get(i - 1).get(1));
    }
    assertEquals(List.of(24L, ((Number) whole.get("abstractStates")).longValue()), growth.get(growth.size() - 1));

    Map<String, Object> s0 = run(config("s0", 24, 2, 0, 2, c, false, 0));
    Map<String, Object> s1 = run(config("s1", 24, 1, 1, 2, c, false, 0));
    CampaignCoverage.Union u = new CampaignCoverage.Union();
    u.add(dir.resolve("s0"), coverage(s0), 12, 24);
    u.add(dir.resolve("s1"), coverage(s1), 12, 24);
    assertEquals(whole, u.toJson());
  }

  @Test
  void aFailureOfAGuidedCampaignIsACompleteCounterexampleThatReplaysExactly() throws Exception {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK));
    // Past the first generation, so that the failing schedule is (most likely) a mutated one.
    Map<String, Object> s = run(config("f", 200, 2, 0, 1, buggy, true, 3));
    assertTrue(((Number) s.get("failures")).intValue() >= 2, s.get("failures") + " failures");
    List<String> lines = Files.readAllLines(dir.resolve("f").resolve("failures.jsonl"));
    boolean mutatedSeen = false;
    CampaignConfig cfg = config("f", 200, 2, 0, 1, buggy, true, 3);
    for (String line : lines) {
      String file = line.replaceAll(".*\"counterexample\":\"([^\"]+)\".*", "$1");
      Counterexample cx = Counterexample.read(dir.resolve("f").resolve(file));
      RunResult r = Simulator.run(cx.spec());
      assertTrue(r.failed());
      assertEquals(cx.expected().invariant(), r.violation().invariant());
      assertEquals(cx.expected().digest(), r.digestHex());
      mutatedSeen |= !cx.spec().equals(cfg.spec(cx.origin().scheduleIndex()));
    }
    assertTrue(mutatedSeen, "no failure came from a mutated schedule");
  }
}
