package dev.raftsim.scenarios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.Entry;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunOptions;
import dev.raftsim.scenarios.RunResult;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.Simulator;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.Prng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compacted journal recovers what the full one did, and runs with crashes are unchanged by it. */
class JournalCompactionTest {
  /** A random journal as a Raft server writes one: term/vote changes, appends at the end, truncations. */
  private static List<Object> randomJournal(Prng r, int records) {
    List<Object> out = new ArrayList<>();
    int length = 0;
    long term = 1;
    for (int i = 0; i < records; i++) {
      int pick = r.nextInt(10);
      if (pick == 0) {
        term += 1 + r.nextInt(2);
        out.add(new PersistRecord.TermVote(term, r.nextInt(4) - 1));
      } else if (pick == 1 && length > 0) {
        int from = 1 + r.nextInt(length);
        out.add(new PersistRecord.Truncate(from));
        length = from - 1;
      } else {
        length++;
        out.add(new PersistRecord.Append(length, Entry.noOp(term)));
      }
    }
    return out;
  }

  @Test
  void aCompactedJournalRecoversTheSameStateAndCompactsAgain() {
    Prng r = Prng.derive(7, "journals");
    for (int trial = 0; trial < 300; trial++) {
      List<Object> journal = randomJournal(r, 1 + r.nextInt(400));
      PersistRecord.Recovered full = PersistRecord.recover(journal);
      List<Object> compacted = PersistRecord.compact(journal);
      assertTrue(compacted.size() <= 2, "term/vote and one log image: " + compacted.size());
      assertEquals(full, PersistRecord.recover(compacted));
      // Records written after a compaction apply on top of the image.
      List<Object> more = new ArrayList<>(compacted);
      List<Object> tail = randomJournal(r, 50);
      List<Object> both = new ArrayList<>(journal);
      int length = full.log().size();
      for (Object o : tail) {
        if (o instanceof PersistRecord.Append a) {
          o = new PersistRecord.Append(++length, a.entry());
        } else if (o instanceof PersistRecord.Truncate t) {
          if (t.fromIndex() > length) {
            continue;
          }
          length = t.fromIndex() - 1;
        }
        more.add(o);
        both.add(o);
      }
      assertEquals(PersistRecord.recover(both), PersistRecord.recover(more));
      assertEquals(PersistRecord.recover(both), PersistRecord.recover(PersistRecord.compact(more)));
    }
  }

  @Test
  void runsWithCrashesGiveTheSameDigestWithAndWithoutCompaction() {
    int compactedRuns = 0;
    for (long seed = 1; seed <= 6; seed++) {
      RunSpec spec = RunSpec.generate(seed, ClusterConfig.defaults(), FaultProfile.CRASHES, 60_000_000);
      long[] compactions = {0};
      RaftCluster[] held = new RaftCluster[1];
      RunResult on = Simulator.run(spec, RunOptions.defaults(), c -> held[0] = c);
      for (int i = 0; i < spec.cluster().nodes(); i++) {
        compactions[0] += held[0].simulation().storage(i).compactions();
      }
      RunResult off = Simulator.run(spec, RunOptions.defaults(), c -> {
        for (int i = 0; i < spec.cluster().nodes(); i++) {
          c.simulation().storage(i).compactWith(null);
        }
      });
      assertEquals(off.digestHex(), on.digestHex(), "seed " + seed);
      assertEquals(off.events(), on.events());
      compactedRuns += compactions[0] > 0 ? 1 : 0;
    }
    assertTrue(compactedRuns >= 3, "compaction happened in " + compactedRuns + " of 6 runs");
  }
}
