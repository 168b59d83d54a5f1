package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.raftsim.sim.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  /** Run in a child JVM: prints the digest of a swarm run of the seed given. */
  public static void main(String[] args) {
    System.out.println(Simulator.run(Fixtures.swarm(Long.parseLong(args[0]))).digestHex());
  }

  @Test
  void sameSeedSameDigestAndTraceTwice() {
    for (long seed = 1; seed <= 10; seed++) {
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      RunResult r1 = Simulator.run(Fixtures.swarm(seed), RunOptions.defaults().withTrace((TraceEvent e) -> a.add(e.toJson())));
      RunResult r2 = Simulator.run(Fixtures.swarm(seed), RunOptions.defaults().withTrace((TraceEvent e) -> b.add(e.toJson())));
      assertEquals(r1.digest(), r2.digest());
      assertEquals(a, b, "byte-identical trace for seed " + seed);
      assertEquals(r1.digest(), Simulator.run(Fixtures.swarm(seed)).digest(), "tracing must not change the digest");
    }
  }

  @Test
  void differentSeedsDiffer() {
    assertNotEquals(Simulator.run(Fixtures.swarm(1)).digest(), Simulator.run(Fixtures.swarm(2)).digest());
  }

  @Test
  void checkersDoNotChangeTheRun() {
    RunSpec spec = Fixtures.swarm(5);
    RunResult checked = Simulator.run(spec);
    RunResult unchecked = Simulator.run(spec, RunOptions.defaults().withChecks(CheckMode.NONE).withLiveness(false));
    assertEquals(checked.digest(), unchecked.digest());
  }

  @Test
  void sameDigestInASeparateJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertEquals(Simulator.run(Fixtures.swarm(4242)).digestHex(), child(java, 4242));
  }

  @Test
  void sameDigestOnJdk25WhenInstalled() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 JDK here");
    assertEquals(Simulator.run(Fixtures.swarm(4242)).digestHex(), child(jdk25.toString(), 4242));
  }

  private static String child(String java, long seed) throws Exception {
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DeterminismTest.class.getName(),
        Long.toString(seed)).redirectErrorStream(true).start();
    assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
