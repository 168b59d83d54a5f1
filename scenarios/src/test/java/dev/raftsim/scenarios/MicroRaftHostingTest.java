package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.raftsim.sim.FaultProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * MicroRaft 0.7 under the host (the raftsim-microraft module, on this module's runtime classpath): found by name,
 * deterministic within a JVM, across JVMs and on JDK 25, and clean on plain schedules.
 */
class MicroRaftHostingTest {
  private static final ImplChoice MICRORAFT = ImplChoice.named("microraft");

  static RunSpec swarm(long seed) {
    return RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.SWARM, 10_000_000).withImpl(MICRORAFT);
  }

  /** Run in a child JVM: prints the digests of MicroRaft swarm runs of the seeds given. */
  public static void main(String[] args) {
    StringBuilder sb = new StringBuilder();
    for (String a : args) {
      sb.append(Simulator.run(swarm(Long.parseLong(a))).digestHex()).append(' ');
    }
    System.out.println(sb.toString().trim());
  }

  private static String digests(long... seeds) {
    StringBuilder sb = new StringBuilder();
    for (long s : seeds) {
      sb.append(Simulator.run(swarm(s)).digestHex()).append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void foundByNameWithItsVersion() {
    RunResult r = Simulator.run(swarm(1));
    assertTrue(r.events() > 100, "a MicroRaft run does something: " + r.events() + " events");
    assertEquals("microraft", swarm(1).impl().name());
  }

  @Test
  void sameSeedSameDigestTwiceAndSeedsDiffer() {
    String a = digests(1, 2, 3);
    assertEquals(a, digests(1, 2, 3));
    String[] d = a.split(" ");
    assertNotEquals(d[0], d[1]);
  }

  @Test
  void sameDigestInASeparateJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertEquals(digests(4, 5), child(java, "4", "5"));
  }

  @Test
  void sameDigestOnJdk25WhenInstalled() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 JDK here");
    assertEquals(digests(4, 5), child(jdk25.toString(), "4", "5"));
  }

  @Test
  void cleanWithoutFaults() {
    for (long seed = 1; seed <= 3; seed++) {
      RunSpec spec = RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.NONE, 5_000_000).withImpl(MICRORAFT);
      RunResult r = Simulator.run(spec);
      assertNull(r.violation(), "seed " + seed + ": " + r.violation());
      assertTrue(r.commandsCommitted() > 10, "seed " + seed + " committed " + r.commandsCommitted());
    }
  }

  /** Every MicroRaft bug kept under regressions/microraft/ reproduces exactly: same invariant, events, digest. */
  @Test
  void keptMicroRaftBugsReproduce() throws Exception {
    java.util.List<Path> files;
    try (java.util.stream.Stream<Path> s = Files.list(Path.of("..", "regressions", "microraft"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(files.size() >= 1, "regressions/microraft/ holds the confirmed MicroRaft bugs");
    for (Path f : files) {
      Counterexample cx = Counterexample.read(f);
      assertEquals("microraft", cx.spec().impl().name(), f.toString());
      RunResult r = Simulator.run(cx.spec());
      assertEquals(cx.expected().invariant(), r.violation() == null ? null : r.violation().invariant(), f.toString());
      assertEquals(cx.expected().digest(), r.digestHex(), f + ": same digest");
      assertEquals(cx.expected().events(), r.events(), f.toString());
    }
  }

  private static String child(String java, String... seeds) throws Exception {
    String[] cmd = new String[4 + seeds.length];
    cmd[0] = java;
    cmd[1] = "-cp";
    cmd[2] = System.getProperty("java.class.path");
    cmd[3] = MicroRaftHostingTest.class.getName();
    System.arraycopy(seeds, 0, cmd, 4, seeds.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }
}
