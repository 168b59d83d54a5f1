package dev.raftsim.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.scenarios.Counterexample;
import dev.raftsim.sim.FaultProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftSimPropertyTest {
  @TempDir
  Path out;

  private static long maxTerm(dev.raftsim.invariants.ClusterView v) {
    long t = 0;
    for (int n = 0; n < v.size(); n++) {
      if (v.isUp(n)) {
        t = Math.max(t, v.currentTerm(n));
      }
    }
    return t;
  }

  private RaftSimProperty failing() {
    return RaftSimProperty.raftsim().nodes(3).faults(FaultProfile.SWARM).seconds(3).schedules(20).seed(3)
        .shrinkAttempts(100).output(out, "terms")
        .invariant(Invariant.of("TermsStaySmall", v -> maxTerm(v) <= 2, v -> "term " + maxTerm(v)));
  }

  @Test
  void aCustomInvariantIsFoundShrunkUnderItsOwnNameAndReplaysWithTheSameDigest() throws Exception {
    Optional<RaftSimProperty.Failure> f = failing().find();
    assertTrue(f.isPresent(), "terms above 2 happen under swarm faults");
    assertEquals("TermsStaySmall", f.get().invariant());
    assertTrue(f.get().shrunkEvents() <= f.get().events());
    Counterexample cx = Counterexample.read(f.get().counterexample());
    assertEquals("TermsStaySmall", cx.expected().invariant(), "the shrinker kept the user's invariant as its target");
    assertTrue(f.get().report() != null && Files.exists(f.get().report()), "an HTML report is written");
    assertTrue(f.get().replayCommand().startsWith("mvn -q test -Dtest="), f.get().replayCommand());
    assertTrue(f.get().replayCommand().endsWith("-Draftsim.replay=" + f.get().counterexample()));
    String replay = failing().replay(f.get().counterexample());
    assertTrue(replay.startsWith("reproduced: TermsStaySmall violated"), replay);
    assertTrue(replay.contains("digest matches"), replay);
    // Without the user's invariant the same file does not fail: the replay runs the property's own checks.
    String plain = RaftSimProperty.raftsim().nodes(3).output(out, "terms").replay(f.get().counterexample());
    assertTrue(plain.startsWith("not reproduced"), plain);
  }

  @Test
  void checkFailsWithEveryLineAPersonNeeds() {
    AssertionError e = assertThrows(AssertionError.class, () -> failing().check());
    String m = e.getMessage();
    assertTrue(m.startsWith("TermsStaySmall violated in schedule "), m);
    for (String line : new String[] {"(seed ", "counterexample: ", "report: ", "\n  replay: mvn -q test -Dtest="}) {
      assertTrue(m.contains(line), line + " missing from: " + m);
    }
    assertTrue(m.contains("RaftSimPropertyTest#checkFailsWithEveryLineAPersonNeeds"), m);
  }

  @Test
  void aCorrectImplementationPassesAndPredicatesSeeEveryNode() {
    int[] calls = new int[1];
    RaftSimProperty.raftsim().nodes(3).faults(FaultProfile.CRASHES).seconds(2).schedules(3).seed(1).output(out, "ok")
        .invariant(Invariant.of("Counted", v -> {
          calls[0]++;
          return v.size() == 3;
        }, "three nodes")).check();
    assertTrue(calls[0] > 100, "the predicate ran after every event: " + calls[0]);
  }

  @Test
  void badInvariantNamesAndUnknownImplementationsAreRefusedInOneLine() {
    assertThrows(IllegalArgumentException.class, () -> Invariant.of("has space", v -> true, "x"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RaftSimProperty.named("nosuch"));
    assertTrue(e.getMessage().contains("raftsim"), e.getMessage());
  }

  @Test
  void shellQuotingLeavesPlainWordsAlone() {
    assertEquals("target/x.json", RaftSimProperty.shellQuote("target/x.json"));
    assertEquals("'A#b'", RaftSimProperty.shellQuote("A#b"));
    assertEquals("'it'\\''s'", RaftSimProperty.shellQuote("it's"));
  }
}
