package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  static long digestOf(long seed) {
    int nodes = 5;
    FaultPlan plan = FaultProfile.SWARM.generate(Prng.derive(seed, "faults"), nodes, 2_000_000);
    Simulation<TestProcesses.Msg> sim = TestProcesses.gossip(seed, nodes, plan);
    sim.runUntil(3_000_000);
    return sim.digest();
  }

  @Test
  void sameSeedSameDigest() {
    for (long seed = 1; seed <= 20; seed++) {
      assertEquals(digestOf(seed), digestOf(seed), "seed " + seed);
    }
  }

  @Test
  void differentSeedsDiffer() {
    List<Long> digests = new ArrayList<>();
    for (long seed = 1; seed <= 50; seed++) {
      digests.add(digestOf(seed));
    }
    assertEquals(50, digests.stream().distinct().count());
  }

  @Test
  void recordingATraceDoesNotChangeTheDigestAndTraceIsIdenticalTwice() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    long d1 = traced(77, first);
    long d2 = traced(77, second);
    assertEquals(digestOf(77), d1);
    assertEquals(d1, d2);
    assertEquals(first, second);
    assertNotEquals(0, first.size());
  }

  private static long traced(long seed, List<String> lines) {
    FaultPlan plan = FaultProfile.SWARM.generate(Prng.derive(seed, "faults"), 5, 2_000_000);
    Simulation<TestProcesses.Msg> sim = TestProcesses.gossip(seed, 5, plan);
    sim.setTraceSink(e -> lines.add(e.toJson()));
    sim.runUntil(3_000_000);
    return sim.digest();
  }

  @Test
  void sameSeedGivesSameDigestInASeparateJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertEquals(Long.toHexString(digestOf(12345)), runDigestMain(java, 12345));
  }

  @Test
  void sameSeedGivesSameDigestOnJdk25WhenInstalled() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 JDK on this machine");
    assertEquals(Long.toHexString(digestOf(12345)), runDigestMain(jdk25.toString(), 12345));
  }

  private static String runDigestMain(String java, long seed) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DigestMain.class.getName(), Long.toString(seed)).redirectErrorStream(true).start();
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
