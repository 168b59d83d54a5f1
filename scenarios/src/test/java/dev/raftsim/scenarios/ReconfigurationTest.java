package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.TimedFault;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.testimpl.RecordingRaft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconfigurationTest {
  private static final long TEN_S = 10_000_000;

  @Test
  void requestsAreDrawnBeforeTheHealFromTheirOwnStream() {
    ClusterConfig on = ClusterConfig.defaults().withSpares(2).withReconfig(new ReconfigKnobs(3, ReconfigKnobs.Mix.BALANCED, 50));
    RunSpec with = RunSpec.generate(7, on, FaultProfile.DEFAULT, TEN_S);
    RunSpec without = RunSpec.generate(7, ClusterConfig.defaults(), FaultProfile.DEFAULT, TEN_S);
    List<TimedFault> host = with.plan().actions().stream().filter(tf -> Reconfiguration.isReconfiguration(tf.fault()))
        .toList();
    assertTrue(host.size() >= 5, "about 3 per second for 6 s, got " + host.size());
    assertTrue(host.stream().allMatch(tf -> tf.atMicros() < with.plan().healAtMicros()));
    // The rest of the plan is the one drawn without the client: the fault stream is untouched.
    // (The nemesis's own kinds aside: crashes and cuts of the primary, and their undoing.)
    List<TimedFault> rest = with.plan().actions().stream().filter(tf -> !Reconfiguration.isReconfiguration(tf.fault())
        && !nemesisKind(tf.fault())).toList();
    List<TimedFault> base = without.plan().actions().stream().filter(tf -> !nemesisKind(tf.fault())).toList();
    assertEquals(base, rest);
    assertEquals(with.plan(), RunSpec.generate(7, on, FaultProfile.DEFAULT, TEN_S).plan());
    assertEquals(without.plan(), RunSpec.generate(7, ClusterConfig.defaults().withReconfig(ReconfigKnobs.OFF),
        FaultProfile.DEFAULT, TEN_S).plan());
  }

  private static boolean nemesisKind(Fault f) {
    return f instanceof Fault.CrashPrimary || f instanceof Fault.RestartPrimary || f instanceof Fault.HealNetwork
        || f instanceof Fault.PartitionPrimary;
  }

  @Test
  void swarmDrawsSparesAndTheClientOftenButNotAlways() {
    int on = 0;
    int spares = 0;
    for (long seed = 1; seed <= 200; seed++) {
      ClusterConfig c = Knobs.draw(ClusterConfig.defaults(), seed);
      on += c.reconfig().on() ? 1 : 0;
      spares += c.spares() > 0 ? 1 : 0;
      assertTrue(c.spares() <= 2 && c.nodes() - c.spares() >= 3);
    }
    assertTrue(on > 120 && on < 200, "reconfiguration drawn on in " + on + " of 200");
    assertTrue(spares > 80 && spares < 200, "spares drawn in " + spares + " of 200");
    // A base that sets them keeps them.
    ClusterConfig fixed = ClusterConfig.defaults().withSpares(1).withReconfig(new ReconfigKnobs(2, ReconfigKnobs.Mix.JOINT, 0));
    ClusterConfig drawn = Knobs.draw(fixed, 3);
    assertEquals(1, drawn.spares());
    assertEquals(fixed.reconfig(), drawn.reconfig());
  }

  @Test
  void actionsParseAndPrintBack() {
    for (String s : List.of("reconfig add-learner #517", "reconfig promote n4", "reconfig replace n1,n2,n4",
        "reconfig transfer #0", "reconfig partition-config #12", "reconfig remove n5")) {
      assertEquals(s, Reconfiguration.parse(s, 5).describe());
    }
    assertEquals(0b1011, Reconfiguration.parse("reconfig replace n1,n2,n4", 5).servers());
    assertThrows(IllegalArgumentException.class, () -> Reconfiguration.parse("reconfig promote n6", 5));
    assertThrows(IllegalArgumentException.class, () -> Reconfiguration.parse("reconfig demote n1", 5));
    assertThrows(IllegalArgumentException.class, () -> Reconfiguration.parse("reconfig remove n1,n2", 5));
    assertThrows(IllegalArgumentException.class, () -> Reconfiguration.parse("reconfig remove #x", 5));
    assertThrows(IllegalArgumentException.class, () -> Reconfiguration.parse("crash 1", 5));
  }

  @Test
  void theClientAsksOnlyLeadersForSaneChanges() {
    RecordingRaft impl = new RecordingRaft();
    ImplementationCatalog.register(impl);
    impl.takeCalls();
    int calls = 0;
    for (long seed = 1; seed <= 6; seed++) {
      ClusterConfig c = ClusterConfig.defaults().withSpares(2)
          .withReconfig(new ReconfigKnobs(5, ReconfigKnobs.Mix.BALANCED, 0));
      RunSpec spec = RunSpec.generate(seed, c, FaultProfile.DEFAULT, TEN_S).withImpl(ImplChoice.named(RecordingRaft.NAME));
      RunResult r = Simulator.run(spec);
      assertFalse(r.failed(), () -> r.violation().message());
      for (RecordingRaft.Call call : impl.takeCalls()) {
        calls++;
        assertTrue(call.leader(), "asked a server that does not lead: " + call);
        assertEquals(0b00111, call.initialVoters());
        // The implementation reports no membership: the host picks against the initial configuration.
        if (call.change() instanceof MembershipChange.AddLearner a) {
          assertTrue(a.server() >= 3, call.toString());
        } else if (call.change() instanceof MembershipChange.AddVoter a) {
          assertTrue(a.server() >= 3, call.toString());
        } else if (call.change() instanceof MembershipChange.Remove rm) {
          throw new AssertionError("three voters is the minimum; asked " + rm);
        } else if (call.change() instanceof MembershipChange.Replace rp) {
          assertEquals(3, Long.bitCount(rp.voters()), "a swap keeps the size: " + call);
        } else if (call.change() == null) {
          assertTrue(call.transferTo() >= 0 && call.transferTo() < 3 && call.transferTo() != call.server());
        }
      }
    }
    assertTrue(calls > 30, "the client asked " + calls + " times");
  }

  @Test
  void aScheduleWithTheClientReplaysFromItsCounterexample(@TempDir Path dir) throws Exception {
    ClusterConfig c = ClusterConfig.defaults().withSpares(1).withReconfig(new ReconfigKnobs(2, ReconfigKnobs.Mix.TRANSFER, 20));
    RunSpec spec = RunSpec.generate(11, c, FaultProfile.DEFAULT, 4_000_000);
    RunResult r = Simulator.run(spec);
    Counterexample cx = new Counterexample(spec, new Counterexample.Expected("None", "none", 0, 0, r.digestHex(),
        r.events()), null);
    Path file = dir.resolve("cx.json");
    cx.write(file);
    String text = Files.readString(file);
    assertTrue(text.contains("\"spares\" : 1") && text.contains("\"mix\" : \"transfer\"") && text.contains("\"host\""),
        text);
    Counterexample back = Counterexample.read(file);
    assertEquals(spec, back.spec());
    assertEquals(r.digest(), Simulator.run(back.spec()).digest());
  }
}
