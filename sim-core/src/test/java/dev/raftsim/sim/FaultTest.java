package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.TestProcesses.Msg;
import dev.raftsim.sim.TestProcesses.Recorder;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {
  private static FaultPlan plan(TimedFault... actions) {
    return new FaultPlan(new NetworkParams(1_000, 0, 0, 0, false), List.of(actions), Long.MAX_VALUE);
  }

  @Test
  void crashDropsVolatileStateAndTimersAndRestartSeesOnlySyncedWrites() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(
        new TimedFault(5_000, new Fault.Crash(0)), new TimedFault(8_000, new Fault.Restart(0))), 0);
    sim.schedule(1_000, s -> {
      Context<Msg> c = s.contextOf(0);
      c.write("a");
      c.sync();
      c.write("b"); // never synced
      c.setTimer(0, 3_000); // would fire at 4 ms
      c.setTimer(1, 10_000); // would fire at 11 ms, after the crash: must not
    });
    sim.runUntil(50_000);
    Recorder after = (Recorder) sim.process(0);
    assertEquals(1, after.incarnation);
    assertEquals(List.of("a"), after.durableAtStart);
    assertEquals(List.of("start@8000"), after.log);
    assertEquals(1, sim.incarnation(0));
    assertTrue(sim.isUp(0));
  }

  @Test
  void timersFireAtTheirDeadlineAndReArmingReplacesThem() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(), 0);
    sim.schedule(1_000, s -> s.contextOf(0).setTimer(0, 10_000));
    sim.schedule(2_000, s -> s.contextOf(0).setTimer(0, 20_000)); // later: replaces
    sim.schedule(3_000, s -> s.contextOf(0).setTimer(1, 5_000));
    sim.schedule(4_000, s -> s.contextOf(0).setTimer(1, 1_000)); // earlier: replaces
    sim.runUntil(100_000);
    assertEquals(List.of("start@0", "timer 1@5000", "timer 0@22000"), ((Recorder) sim.process(0)).log);
  }

  @Test
  void cancelledTimerNeverFires() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(), 0);
    sim.schedule(1_000, s -> s.contextOf(0).setTimer(0, 10_000));
    sim.schedule(2_000, s -> s.contextOf(0).cancelTimer(0));
    sim.runUntil(100_000);
    assertEquals(List.of("start@0"), ((Recorder) sim.process(0)).log);
  }

  @Test
  void backgroundWritebackMakesWritesDurableAfterItsDelay() {
    Simulation<Msg> early = TestProcesses.recorders(1, plan(
        new TimedFault(3_000, new Fault.Crash(0)), new TimedFault(4_000, new Fault.Restart(0))), 5_000);
    early.schedule(1_000, s -> s.contextOf(0).write("x"));
    early.runUntil(50_000);
    assertEquals(List.of(), ((Recorder) early.process(0)).durableAtStart);

    Simulation<Msg> late = TestProcesses.recorders(1, plan(
        new TimedFault(7_000, new Fault.Crash(0)), new TimedFault(8_000, new Fault.Restart(0))), 5_000);
    late.schedule(1_000, s -> s.contextOf(0).write("x"));
    late.runUntil(50_000);
    assertEquals(List.of("x"), ((Recorder) late.process(0)).durableAtStart);
  }

  @Test
  void writebackAtTheSameInstantAsACrashKeepsTheEventOrder() {
    // The plan's crash was queued before the write, so at 6 ms it comes first and the write is lost.
    Simulation<Msg> planned = TestProcesses.recorders(1, plan(
        new TimedFault(6_000, new Fault.Crash(0)), new TimedFault(8_000, new Fault.Restart(0))), 5_000);
    planned.schedule(1_000, s -> s.contextOf(0).write("x"));
    planned.runUntil(50_000);
    assertEquals(List.of(), ((Recorder) planned.process(0)).durableAtStart);

    // A crash queued after the write comes after its writeback at the same instant.
    Simulation<Msg> later = TestProcesses.recorders(1, plan(new TimedFault(8_000, new Fault.Restart(0))), 5_000);
    later.schedule(1_000, s -> {
      s.contextOf(0).write("x");
      s.schedule(6_000, t -> t.inject(new Fault.Crash(0)));
    });
    later.runUntil(50_000);
    assertEquals(List.of("x"), ((Recorder) later.process(0)).durableAtStart);
  }

  @Test
  void oneWritebackCoversEveryWriteMadeBeforeItFires() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(
        new TimedFault(7_000, new Fault.Crash(0)), new TimedFault(8_000, new Fault.Restart(0))), 5_000);
    sim.schedule(1_000, s -> {
      s.contextOf(0).write("x");
      s.contextOf(0).sync();
    });
    sim.schedule(3_000, s -> s.contextOf(0).write("y")); // inside the window opened at 1 ms: written back at 6 ms
    sim.schedule(6_500, s -> s.contextOf(0).write("z")); // opens a new window, due at 11.5 ms: lost
    sim.runUntil(50_000);
    assertEquals(List.of("x", "y"), ((Recorder) sim.process(0)).durableAtStart);
  }

  @Test
  void aWritebackOfACrashedIncarnationSyncsNothingAfterTheRestart() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(
        new TimedFault(2_000, new Fault.Crash(0)), new TimedFault(3_000, new Fault.Restart(0)),
        new TimedFault(9_000, new Fault.Crash(0)), new TimedFault(10_000, new Fault.Restart(0))), 5_000);
    sim.schedule(1_000, s -> s.contextOf(0).write("x")); // window due at 6 ms, for incarnation 0
    sim.schedule(4_000, s -> s.contextOf(0).write("y")); // incarnation 1, while that window is still open
    sim.runUntil(50_000);
    assertEquals(List.of(), ((Recorder) sim.process(0)).durableAtStart);
    assertEquals(2, sim.incarnation(0));
  }

  @Test
  void theStoreSeenFromOutsideReflectsWritebacksThatHaveFired() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(), 5_000);
    sim.schedule(1_000, s -> s.contextOf(0).write("x"));
    sim.runUntil(5_999);
    assertEquals(0, sim.storage(0).durableCount());
    sim.runUntil(6_000);
    assertEquals(1, sim.storage(0).durableCount());
  }

  @Test
  void pausedNodeSeesItsBacklogInOrderOnResume() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(
        new TimedFault(1_500, new Fault.Pause(1)), new TimedFault(20_000, new Fault.Resume(1))), 0);
    sim.schedule(2_000, s -> {
      s.contextOf(0).send(1, new Msg(0, 1));
      s.contextOf(0).send(1, new Msg(0, 2));
      s.contextOf(1).setTimer(0, 1_000);
    });
    sim.runUntil(100_000);
    List<String> log = ((Recorder) sim.process(1)).log;
    assertEquals(4, log.size());
    assertTrue(log.get(1).endsWith("@20000"), log.toString());
    assertTrue(log.stream().skip(1).allMatch(l -> l.endsWith("@20000")), log.toString());
    assertTrue(log.indexOf("timer 0@20000") >= 1);
    assertTrue(log.indexOf("msg 1 from 0@20000") < log.indexOf("msg 2 from 0@20000"));
  }

  @Test
  void skewScalesTimerDelays() {
    Simulation<Msg> sim = TestProcesses.recorders(1, plan(new TimedFault(0, new Fault.Skew(0, 1500))), 0);
    sim.schedule(1_000, s -> s.contextOf(0).setTimer(0, 10_000));
    sim.runUntil(100_000);
    assertEquals(List.of("start@0", "timer 0@16000"), ((Recorder) sim.process(0)).log);
  }

  @Test
  void healAllRestartsResumesAndCalmsTheNetwork() {
    NetworkParams lossy = NetworkParams.calm().withDrop(1.0);
    FaultPlan p = new FaultPlan(lossy, List.of(
        new TimedFault(10, new Fault.Crash(0)),
        new TimedFault(20, new Fault.Pause(1)),
        new TimedFault(30, new Fault.Isolate(2)),
        new TimedFault(1_000, new Fault.HealAll(NetworkParams.calm()))), 1_000);
    Simulation<Msg> sim = TestProcesses.recorders(3, p, 0);
    sim.schedule(2_000, s -> s.contextOf(2).send(1, new Msg(0, 7)));
    sim.runUntil(100_000);
    assertTrue(sim.isUp(0));
    assertFalse(sim.isPaused(1));
    assertEquals(NetworkParams.calm(), sim.networkParams());
    assertTrue(((Recorder) sim.process(1)).log.stream().anyMatch(l -> l.startsWith("msg 7")));
  }

  @Test
  void crashOfACrashedNodeAndRestartOfARunningNodeAreHarmless() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(
        new TimedFault(10, new Fault.Restart(0)),
        new TimedFault(20, new Fault.Crash(1)),
        new TimedFault(30, new Fault.Crash(1))), 0);
    sim.runUntil(1_000);
    assertEquals(0, sim.incarnation(0));
    assertFalse(sim.isUp(1));
    assertNull(sim.process(1));
  }

  @Test
  void primaryTargetedFaultsHitWhateverTheHostCallsPrimary() {
    Simulation<Msg> sim = TestProcesses.recorders(3, plan(
        new TimedFault(10, new Fault.CrashPrimary()),
        new TimedFault(20, new Fault.RestartPrimary()),
        new TimedFault(30, new Fault.PartitionPrimary(1))), 0);
    sim.setPrimaryResolver(new PrimaryResolver() {
      @Override
      public int primary() {
        return 2;
      }

      @Override
      public long tenure() {
        return 1;
      }
    });
    sim.runUntil(15);
    assertFalse(sim.isUp(2));
    assertTrue(sim.isUp(0));
    sim.runUntil(25);
    assertTrue(sim.isUp(2));
    assertEquals(1, sim.incarnation(2));
    sim.runUntil(35);
    assertTrue(sim.linkCut(2, 0) && sim.linkCut(1, 2));
    assertFalse(sim.linkCut(0, 1));
  }

  @Test
  void primaryTargetedFaultsDoNothingWithoutAPrimary() {
    Simulation<Msg> sim = TestProcesses.recorders(3, plan(
        new TimedFault(10, new Fault.CrashPrimary()), new TimedFault(20, new Fault.PartitionPrimary(2))), 0);
    sim.runUntil(100);
    for (int n = 0; n < 3; n++) {
      assertTrue(sim.isUp(n));
      assertFalse(sim.linkCut(n, (n + 1) % 3));
    }
  }

  @Test
  void faultsNamingUnknownNodesAreRejected() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(new TimedFault(10, new Fault.Crash(5))), 0);
    assertThrows(IllegalArgumentException.class, () -> sim.runUntil(1_000));
  }
}
