package dev.raftsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.TestProcesses.Msg;
import dev.raftsim.sim.TestProcesses.Recorder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {
  private static FaultPlan plan(NetworkParams net, TimedFault... actions) {
    return new FaultPlan(net, List.of(actions), Long.MAX_VALUE);
  }

  /** Sends {@code count} messages 0 -> 1 at t = 1 ms and returns what node 1 received (values). */
  private static List<Long> blast(Simulation<Msg> sim, int from, int to, int count) {
    sim.schedule(1_000, s -> {
      for (int i = 0; i < count; i++) {
        s.contextOf(from).send(to, new Msg(0, i));
      }
    });
    sim.runUntil(60_000_000);
    List<Long> got = new ArrayList<>();
    for (String line : ((Recorder) sim.process(to)).log) {
      if (line.startsWith("msg ")) {
        got.add(Long.parseLong(line.split(" ")[1]));
      }
    }
    return got;
  }

  @Test
  void observedDropRateMatchesTheConfiguredProbability() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(NetworkParams.calm().withDrop(0.1)), 0);
    int n = 50_000;
    List<Long> got = blast(sim, 0, 1, n);
    assertEquals(0.9, got.size() / (double) n, 0.01);
    assertEquals(n - got.size(), sim.messagesDropped());
  }

  @Test
  void observedDuplicationRateMatchesTheConfiguredProbability() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(NetworkParams.calm().withDuplicate(0.05)), 0);
    int n = 50_000;
    List<Long> got = blast(sim, 0, 1, n);
    assertEquals(1.05, got.size() / (double) n, 0.01);
  }

  @Test
  void randomDelaysReorderButFifoLinksDoNot() {
    Simulation<Msg> loose = TestProcesses.recorders(2, plan(NetworkParams.calm()), 0);
    List<Long> a = blast(loose, 0, 1, 1000);
    assertEquals(1000, a.size());
    assertFalse(isSorted(a), "random delays should reorder some messages");
    Simulation<Msg> fifo = TestProcesses.recorders(2, plan(NetworkParams.calm().withFifo(true)), 0);
    List<Long> b = blast(fifo, 0, 1, 1000);
    assertTrue(isSorted(b), "a FIFO link must keep send order");
  }

  private static boolean isSorted(List<Long> xs) {
    for (int i = 1; i < xs.size(); i++) {
      if (xs.get(i) < xs.get(i - 1)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void delaysRespectTheMinimum() {
    NetworkParams slow = new NetworkParams(5_000, 0, 0, 0, false);
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(slow), 0);
    blast(sim, 0, 1, 1);
    assertEquals(List.of("start@0", "msg 0 from 0@6000"), ((Recorder) sim.process(1)).log);
  }

  private static boolean reaches(Fault fault, int nodes, int from, int to) {
    Simulation<Msg> sim = TestProcesses.recorders(nodes, plan(NetworkParams.calm(), new TimedFault(10, fault)), 0);
    return !blast(sim, from, to, 1).isEmpty();
  }

  @Test
  void symmetricPartitionCutsBetweenGroupsOnly() {
    Fault p = new Fault.Partition(List.of(List.of(0, 1), List.of(2, 3, 4)));
    assertTrue(reaches(p, 5, 0, 1));
    assertTrue(reaches(p, 5, 3, 4));
    assertFalse(reaches(p, 5, 0, 2));
    assertFalse(reaches(p, 5, 4, 1));
  }

  @Test
  void oneWayCutIsAsymmetric() {
    Fault c = new Fault.CutLink(0, 1);
    assertFalse(reaches(c, 3, 0, 1));
    assertTrue(reaches(c, 3, 1, 0));
    assertTrue(reaches(c, 3, 0, 2));
  }

  @Test
  void isolateCutsEveryLinkOfOneNode() {
    Fault i = new Fault.Isolate(2);
    assertFalse(reaches(i, 3, 2, 0));
    assertFalse(reaches(i, 3, 1, 2));
    assertTrue(reaches(i, 3, 0, 1));
  }

  @Test
  void bridgeNodeReachesBothSidesWhichCannotReachEachOther() {
    Fault b = new Fault.Bridge(2, List.of(0, 1), List.of(3, 4));
    assertTrue(reaches(b, 5, 2, 0));
    assertTrue(reaches(b, 5, 4, 2));
    assertTrue(reaches(b, 5, 0, 1));
    assertFalse(reaches(b, 5, 0, 3));
    assertFalse(reaches(b, 5, 4, 1));
  }

  @Test
  void healRestoresEveryLink() {
    Simulation<Msg> sim = TestProcesses.recorders(3, plan(NetworkParams.calm(),
        new TimedFault(10, new Fault.Isolate(0)), new TimedFault(500, new Fault.HealNetwork())), 0);
    assertEquals(1, blast(sim, 0, 1, 1).size());
  }

  @Test
  void clogHoldsMessagesUntilItClears() {
    NetworkParams exact = new NetworkParams(1_000, 0, 0, 0, false);
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(exact, new TimedFault(10, new Fault.Clog(0, 1, 50_000))), 0);
    blast(sim, 0, 1, 1);
    assertEquals("msg 0 from 0@50010", ((Recorder) sim.process(1)).log.get(1));
  }

  @Test
  void messagesToACrashedNodeAreLost() {
    Simulation<Msg> sim = TestProcesses.recorders(2, plan(NetworkParams.calm(), new TimedFault(10, new Fault.Crash(1))), 0);
    sim.schedule(1_000, s -> s.contextOf(0).send(1, new Msg(0, 1)));
    sim.runUntil(100_000);
    assertEquals(1, sim.messagesDropped());
    assertEquals(0, sim.messagesDelivered());
  }

  @Test
  void setNetworkChangesLossFromThatMomentOn() {
    Simulation<Msg> sim = TestProcesses.recorders(2,
        plan(NetworkParams.calm(), new TimedFault(500, new Fault.SetNetwork(NetworkParams.calm().withDrop(1.0)))), 0);
    assertEquals(0, blast(sim, 0, 1, 100).size());
  }
}
