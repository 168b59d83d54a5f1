package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignTest {
  @TempDir Path dir;

  private CampaignConfig config(String name, int threads, int shard, int shards, ClusterConfig cluster, int maxFailures) {
    return new CampaignConfig(11, 50, threads, shard, shards, cluster, FaultProfile.SWARM, 3_000_000,
        dir.resolve(name), maxFailures, false, Shrinker.Budget.DEFAULT);
  }

  @Test
  void campaignDigestIsTheSameAtAnyThreadCountAndForMergedShards() throws Exception {
    ClusterConfig c = ClusterConfig.defaults();
    Map<String, Object> one = new Campaign(config("t1", 1, 0, 1, c, 0), new Campaign.Listener() {}).run();
    Map<String, Object> two = new Campaign(config("t2", 2, 0, 1, c, 0), new Campaign.Listener() {}).run();
    assertEquals(one.get("campaignDigest"), two.get("campaignDigest"));
    assertEquals(50L, one.get("schedules"));
    Map<String, Object> s0 = new Campaign(config("s0", 2, 0, 2, c, 0), new Campaign.Listener() {}).run();
    Map<String, Object> s1 = new Campaign(config("s1", 1, 1, 2, c, 0), new Campaign.Listener() {}).run();
    long merged = Long.parseUnsignedLong((String) s0.get("campaignDigest"), 16)
        + Long.parseUnsignedLong((String) s1.get("campaignDigest"), 16);
    assertEquals(one.get("campaignDigest"), RunResult.hex(merged));
    assertEquals(50L, (long) s0.get("schedules") + (long) s1.get("schedules"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFaultMixCountsEveryFamilyTheSwarmDraws() throws Exception {
    CampaignConfig cfg = new CampaignConfig(11, 120, 2, 0, 1, ClusterConfig.defaults(), FaultProfile.SWARM, 3_000_000,
        dir.resolve("mix"), 0, false, Shrinker.Budget.DEFAULT);
    Map<String, Long> mix = (Map<String, Long>) new Campaign(cfg, new Campaign.Listener() {}).run().get("faultMix");
    assertEquals(List.of("crashes", "partitions", "pauses", "clogs", "skew", "loss", "duplication", "leader hunting"),
        List.copyOf(mix.keySet()));
    for (Map.Entry<String, Long> e : mix.entrySet()) {
      assertTrue(e.getValue() > 0 && e.getValue() < 120, e.getKey() + " in " + e.getValue() + " of 120 schedules");
    }
  }

  @Test
  void failuresAreOnDiskAndTheCutOffAtMaxFailuresIsDeterministic() throws Exception {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK));
    Map<String, Object> a = new Campaign(config("f1", 1, 0, 1, buggy, 2), new Campaign.Listener() {}).run();
    Map<String, Object> b = new Campaign(config("f2", 2, 0, 1, buggy, 2), new Campaign.Listener() {}).run();
    assertEquals(2, a.get("failures"));
    assertEquals(a.get("campaignDigest"), b.get("campaignDigest"));
    assertEquals(a.get("schedules"), b.get("schedules"));
    List<String> lines = Files.readAllLines(dir.resolve("f1").resolve("failures.jsonl"));
    assertEquals(2, lines.size());
    ObjectMapper m = new ObjectMapper();
    for (String line : lines) {
      JsonNode f = m.readTree(line);
      assertTrue(Files.exists(dir.resolve("f1").resolve(f.get("counterexample").asText())));
    }
    JsonNode summary = m.readTree(dir.resolve("f1").resolve("summary.json").toFile());
    for (String field : List.of("schedules", "failures", "firstFailingSeed", "events", "eventsPerSecond", "wallMillis",
        "campaignDigest", "interrupted")) {
      assertTrue(summary.has(field), field);
    }
  }

  @Test
  void anInterruptedCampaignLeavesAValidSummaryAndItsFailures() throws Exception {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK));
    CampaignConfig cfg = new CampaignConfig(11, 5_000, 2, 0, 1, buggy, FaultProfile.SWARM, 3_000_000,
        dir.resolve("int"), 0, false, Shrinker.Budget.DEFAULT);
    AtomicBoolean stopAsked = new AtomicBoolean();
    Campaign[] self = new Campaign[1];
    self[0] = new Campaign(cfg, new Campaign.Listener() {
      @Override
      public void progress(long done, long total, long failures) {
        if (done >= 30 && stopAsked.compareAndSet(false, true)) {
          self[0].requestStop(); // what the SIGINT hook does
        }
      }
    });
    Map<String, Object> s = self[0].run();
    assertEquals(true, s.get("interrupted"));
    assertTrue((long) s.get("schedules") < 5_000);
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("int").resolve("summary.json").toFile());
    assertTrue(summary.get("interrupted").asBoolean());
    long lines = Files.readAllLines(dir.resolve("int").resolve("failures.jsonl")).size();
    assertEquals(summary.get("failures").asLong(), lines, "every failure counted is on disk");
  }

  @Test
  void scheduleSeedsArePureFunctionsOfCampaignSeedAndIndex() {
    assertEquals(Campaign.scheduleSeed(5, 17), Campaign.scheduleSeed(5, 17));
    assertTrue(Campaign.scheduleSeed(5, 17) != Campaign.scheduleSeed(5, 18));
    assertTrue(Campaign.scheduleSeed(5, 17) >= 0);
  }

  /**
   * One story per failure: once shrunk, summary.json, the final failures.jsonl line and the counterexample file all
   * show the same run (seed, sentence, events), and the run first found is its labelled origin.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theShrunkRunIsTheFailureEverywhereAndTheFoundRunItsOrigin() throws Exception {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK))
        .withReconfig(ReconfigKnobs.OFF.asFixed());
    CampaignConfig cfg = new CampaignConfig(11, 40, 2, 0, 1, buggy, FaultProfile.SWARM, 3_000_000, dir.resolve("story"),
        1, true, new Shrinker.Budget(300, 60_000));
    java.util.List<Campaign.FailureRecord> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    Map<String, Object> s = new Campaign(cfg, new Campaign.Listener() {
      @Override
      public void failure(Campaign.FailureRecord record, RunResult original, RunResult shrunk) {
        told.add(record);
      }
    }).run();
    Map<String, Object> f = ((List<Map<String, Object>>) s.get("failureList")).get(0);
    long index = ((Number) f.get("index")).longValue();
    assertEquals("failure-" + index + ".json", f.get("counterexample"), "indexed by schedule number, as the file");
    Counterexample cx = Counterexample.read(dir.resolve("story").resolve((String) f.get("counterexample")));
    assertEquals(cx.spec().seed(), ((Number) f.get("seed")).longValue());
    assertEquals(cx.expected().message(), f.get("message"));
    assertEquals(cx.expected().events(), ((Number) f.get("events")).longValue());
    assertEquals(true, f.get("shrunk"));
    assertEquals(cx.spec().seed(), ((Number) s.get("firstFailingSeed")).longValue());
    Map<String, Object> origin = (Map<String, Object>) f.get("origin");
    long scheduleSeed = Campaign.scheduleSeed(11, index);
    assertEquals(scheduleSeed, ((Number) origin.get("seed")).longValue());
    assertTrue(((Number) origin.get("events")).longValue() > cx.expected().events());
    assertEquals(scheduleSeed, cx.origin().seedBeforeShrinking());
    assertEquals(origin.get("message"), cx.origin().messageBeforeShrinking());
    // The journal: found, then shrunk (the line that counts); the listener heard the same two.
    List<String> lines = Files.readAllLines(dir.resolve("story").resolve("failures.jsonl"));
    ObjectMapper m = new ObjectMapper();
    JsonNode last = m.readTree(lines.get(lines.size() - 1));
    assertTrue(last.get("shrunk").asBoolean());
    assertEquals(cx.spec().seed(), last.get("seed").asLong());
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"shrunk\":false") && l.contains("\"seed\":" + scheduleSeed)));
    assertTrue(told.stream().anyMatch(r -> r.shrunk() && r.seed() == cx.spec().seed() && r.found().seed() == scheduleSeed));
  }

  @Test
  void aCampaignStoppedByTheFailureLimitSaysSoAndOneThatRanEverythingDoesNot() throws Exception {
    ClusterConfig buggy = ClusterConfig.defaults().withBugs(EnumSet.of(PlantedBug.SKIP_UP_TO_DATE_CHECK));
    Map<String, Object> limited = new Campaign(config("lim", 2, 0, 1, buggy, 1), new Campaign.Listener() {}).run();
    long requested = ((Number) limited.get("requestedSchedules")).longValue();
    assertTrue((long) limited.get("schedules") < requested, "stopped early: " + limited.get("schedules"));
    assertEquals(true, limited.get("stoppedAtMaxFailures"));
    assertEquals(1, limited.get("maxFailures"));
    Map<String, Object> all = new Campaign(config("all", 2, 0, 1, buggy, 0), new Campaign.Listener() {}).run();
    assertEquals(false, all.get("stoppedAtMaxFailures"));
    assertEquals(((Number) all.get("requestedSchedules")).longValue(), all.get("schedules"));
  }
}
