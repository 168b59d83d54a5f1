package dev.raftsim.scenarios.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.NetworkParams;
import dev.raftsim.sim.TimedFault;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanEditsTest {
  private static FaultPlan plan(TimedFault... actions) {
    return new FaultPlan(NetworkParams.calm(), List.of(actions), 9_000_000);
  }

  private static TimedFault at(long t, Fault f) {
    return new TimedFault(t, f);
  }

  @Test
  void namedNodesComeInOrderOfFirstMention() {
    FaultPlan p = plan(at(10, new Fault.Crash(4)), at(20, new Fault.CutLink(1, 4)), at(30, new Fault.Isolate(3)),
        at(40, new Fault.CrashPrimary()));
    assertEquals(List.of(4, 1, 3), PlanEdits.namedNodes(p));
  }

  @Test
  void renamingKeepsActionsOnKeptNodesAndDropsTheRest() {
    FaultPlan p = plan(at(10, new Fault.Crash(4)), at(20, new Fault.CutLink(1, 4)), at(25, new Fault.Clog(0, 4, 7)),
        at(30, new Fault.Restart(4)), at(40, new Fault.Partition(List.of(List.of(0, 1), List.of(2, 3, 4)))),
        at(50, new Fault.PartitionPrimary(2)), at(60, new Fault.CutNextPrimary(false, 2, 5, 9)),
        at(70, new Fault.Bridge(4, List.of(0, 2), List.of(1, 3))));
    int[] map = {-1, 1, -1, -1, 0}; // 4 -> 0, 1 -> 1, the rest gone
    FaultPlan r = PlanEdits.renameNodes(p, map, 3);
    assertEquals(List.of(
        at(10, new Fault.Crash(0)),
        at(20, new Fault.CutLink(1, 0)),
        at(30, new Fault.Restart(0)),
        at(40, new Fault.Partition(List.of(List.of(1), List.of(0)))),
        at(50, new Fault.PartitionPrimary(1)),
        at(60, new Fault.CutNextPrimary(false, 1, 5, 9)),
        at(70, new Fault.Bridge(0, List.of(), List.of(1)))), r.actions());
    assertEquals(p.initialNetwork(), r.initialNetwork());
    assertEquals(p.healAtMicros(), r.healAtMicros());
  }

  @Test
  void renamingRefusesAPlanNamingNodesOutsideTheMap() {
    assertNull(PlanEdits.renameNodes(plan(at(10, new Fault.Crash(5))), new int[] {0, 1, 2}, 3));
  }

  @Test
  void shiftingMovesEveryActionEarlierButNotBeforeZero() {
    FaultPlan p = plan(at(100, new Fault.Crash(0)), at(250, new Fault.Restart(0)), at(400, new Fault.HealNetwork()));
    assertEquals(List.of(at(0, new Fault.Crash(0)), at(50, new Fault.Restart(0)), at(200, new Fault.HealNetwork())),
        PlanEdits.shiftEarlier(p, 200).actions());
  }

  @Test
  void compressingShrinksTheGapsAfterTheFirstActionAndKeepsTheOrder() {
    FaultPlan p = plan(at(1_000, new Fault.Crash(0)), at(2_000, new Fault.Restart(0)), at(5_000, new Fault.Crash(1)));
    assertEquals(List.of(at(1_000, new Fault.Crash(0)), at(1_250, new Fault.Restart(0)), at(2_000, new Fault.Crash(1))),
        PlanEdits.compress(p, 1_000, 250).actions());
  }

  @Test
  void movingAndRemovingSingleActions() {
    FaultPlan p = plan(at(100, new Fault.Crash(0)), at(200, new Fault.Restart(0)), at(300, new Fault.Crash(1)));
    assertEquals(List.of(at(100, new Fault.Crash(0)), at(150, new Fault.Crash(1)), at(200, new Fault.Restart(0))),
        PlanEdits.moveAction(p, 2, 150).actions());
    assertEquals(List.of(at(100, new Fault.Crash(0))), PlanEdits.without(p, 1, 3).actions());
  }
}
