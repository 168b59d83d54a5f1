package dev.raftsim.raft.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compacted journal recovers what the full one did (the host-side digest check: scenarios JournalCompactionTest). */
class JournalCompactionTest {
  /** SplitMix64 (raft-model does not see sim-core's Prng): a fixed, seeded stream of journals. */
  private static final class Prng {
    private long state;

    Prng(long seed) {
      state = seed;
    }

    int nextInt(int bound) {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      return (int) Math.floorMod(z, (long) bound);
    }
  }

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
    Prng r = new Prng(7);
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
}
