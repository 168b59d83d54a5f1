package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.TimedFault;
import dev.raftsim.sim.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Fault.Reseed} branches a run: the same run up to its instant, another future after it. */
class ReseedTest {
  private static final long AT = 2_000_000;

  private static RunSpec branched(RunSpec s, long salt) {
    List<TimedFault> actions = new ArrayList<>(s.plan().actions());
    actions.add(new TimedFault(AT, new Fault.Reseed(salt)));
    return s.withPlan(s.plan().withActions(actions));
  }

  private static List<String> trace(RunSpec s, boolean beforeBranch) {
    List<String> out = new ArrayList<>();
    Simulator.run(s, RunOptions.defaults().withTrace((TraceEvent e) -> {
      if ((e.timeMicros() < AT) == beforeBranch) {
        out.add(e.toJson());
      }
    }));
    return out;
  }

  @Test
  void aReseedReplaysTheRunUpToItsInstantAndBranchesAfter() {
    RunSpec parent = Fixtures.swarm(21);
    RunSpec a = branched(parent, 1);
    RunSpec b = branched(parent, 2);
    List<String> prefix = trace(parent, true);
    assertTrue(prefix.size() > 1000, prefix.size() + " events before the branch");
    assertEquals(prefix, trace(a, true));
    assertEquals(prefix, trace(b, true));
    List<String> afterA = trace(a, false);
    assertNotEquals(trace(parent, false), afterA);
    assertNotEquals(trace(b, false), afterA);
    // A branched run is as exact as any other: the same spec, the same digest.
    assertEquals(Simulator.run(a).digestHex(), Simulator.run(a).digestHex());
  }

  @Test
  void aCounterexampleKeepsItsReseeds(@TempDir Path dir) throws Exception {
    // A failing run, branched at 2 s (this one still fails): its counterexample file keeps the reseed and replays it.
    RunResult failing = Fixtures.firstFailure(50, dev.raftsim.raft.PlantedBug.MATCH_FROM_STALE_REPLY);
    RunSpec a = branched(failing.spec().withDuration(failing.spec().durationMicros()), 0x8000_0000_0000_0001L);
    RunResult r = Simulator.run(a);
    assertTrue(r.failed());
    Path file = dir.resolve("branched.json");
    Counterexample.of(r, null).write(file);
    RunSpec back = Counterexample.read(file).spec();
    assertEquals(a.plan(), back.plan());
    assertEquals(r.digestHex(), Simulator.run(back).digestHex());
  }
}
