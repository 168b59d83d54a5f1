package dev.raftsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.raft.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {
  @Test
  void bareLoopKeepsItsPendingCountAndMovesTimeForward() {
    BareLoop loop = new BareLoop(64, 7);
    long a = loop.run(10_000);
    assertEquals(64, loop.pending());
    assertTrue(loop.now() > 0);
    BareLoop again = new BareLoop(64, 7);
    assertEquals(a, again.run(10_000), "the loop is deterministic, so its result is too");
    assertTrue(BareLoop.measure(16, 5_000, 1, 2).median() > 0);
  }

  @Test
  void pingPongIsDeterministicAndKeepsMessagesFlowing() {
    PingPong p = new PingPong(4, 16, 3);
    long events = p.run(100_000);
    assertTrue(events > 1_000, "64 messages in flight for 100 ms make thousands of events, got " + events);
    PingPong q = new PingPong(4, 16, 3);
    q.run(100_000);
    assertEquals(p.digest(), q.digest());
    assertTrue(p.observed() > 0, "the observer saw the events");
    assertTrue(p.runEvents(500) >= 500);
    PingPong other = new PingPong(4, 16, 4);
    other.run(100_000);
    assertNotEquals(p.digest(), other.digest(), "the seed drives the network delays");
  }

  @Test
  void directClusterElectsNodeZeroAndStaysInSteadyState() {
    DirectCluster c = new DirectCluster(5, 300, CheckCost.checkers());
    assertEquals(Role.LEADER, c.node(0).role());
    assertEquals(301, c.leaderLogLength(), "the restored log plus the new leader's no-op");
    long events = c.rounds(64);
    assertEquals(64 * 9 + 16 * 9, events, "9 events per round and per heartbeat round (the JMH constant)");
    assertEquals(365, c.leaderLogLength());
    for (int i = 1; i < 5; i++) {
      assertEquals(c.leaderLogLength(), c.node(i).lastIndex(), "follower " + i + " keeps up");
      assertTrue(c.node(i).commitIndex() >= 300);
    }
    assertEquals(0, c.checkNanos(), "nothing was timed yet");
    c.timedRounds(4);
    assertTrue(c.checkNanos() > 0);
    assertEquals(36 + 9, c.timedEvents(), "4 rounds and the heartbeat round due after the 68th");
  }

  @Test
  void checkCostIsMeasuredAtBothLengths() {
    CheckCost.Comparison cmp = CheckCost.compare(100, 3_000, 8, 2, 10);
    assertTrue(cmp.small().nanosPerEvent().median() > 0);
    assertTrue(cmp.large().nanosPerEvent().median() > 0);
    assertTrue(cmp.small().meanLogLength() >= 100 && cmp.small().meanLogLength() < 400,
        "the short log stays short: " + cmp.small().meanLogLength());
    assertTrue(cmp.large().meanLogLength() >= 3_000 && cmp.large().meanLogLength() < 3_400,
        "the long log stays near its length: " + cmp.large().meanLogLength());
    assertTrue(cmp.ratio() > 0);
  }

  @Test
  void statsTakeTheMedianAndTheSpread() {
    Stats s = Stats.of(5, 1, 3, 100);
    assertEquals(4, s.median());
    assertEquals(1, s.min());
    assertEquals(100, s.max());
    assertEquals(3, Stats.of(3, 9, 1).median());
  }

  @Test
  void tinyBenchReportsEveryRequiredFigure(@TempDir Path dir) throws Exception {
    BenchReport report = new Bench(BenchConfig.tiny().withScratch(dir), null).run();
    List<String> required = List.of("bareLoopEventsPerSecond", "kernelEventsPerSecond", "kernelVsBareLoop",
        "uncheckedEventsPerSecond", "checkedEventsPerSecond", "checksOnOffRatio", "checkedVsBareLoop",
        "simulatedSpeedup", "fuzzSchedulesPerSecond1Thread", "fuzzSchedulesPerSecond2Threads",
        "checkCostPerEventNanosAtLog100", "checkCostPerEventNanosAtLog2000", "checkCostRatio", "fuzzScaling2Threads",
        "fuzz10kSchedulesWallSeconds", "bareLoopEventsPerSecondAt4096Pending", "checkedEventsPerCpuSecond",
        "uncheckedEventsPerCpuSecond", "checksOnOffRatioCpu", "fuzzCoresBusy2Threads");
    String json = new ObjectMapper().writeValueAsString(report.fields());
    JsonNode tree = new ObjectMapper().readTree(json);
    for (String field : required) {
      assertTrue(tree.has(field), "missing " + field);
      assertTrue(tree.get(field).isNumber(), field + " is a number");
      assertTrue(tree.get(field).asDouble() > 0, field + " is positive: " + tree.get(field));
    }
    assertFalse(tree.get("fuzz10kSchedulesMeasured").asBoolean(), "extrapolated unless asked");
    assertTrue(tree.get("goals").has("checkedVsBareLoop"));
    String table = report.table();
    for (String field : required) {
      assertTrue(table.contains(field), "the table shows " + field);
    }
  }

  @Test
  void theStandardBenchUsesTheIssueLogLengths() {
    assertEquals(100_000, BenchConfig.standard().largeLog());
    assertEquals(100_000, BenchConfig.quick().largeLog());
    assertEquals(100, BenchConfig.SMALL_LOG);
  }
}
