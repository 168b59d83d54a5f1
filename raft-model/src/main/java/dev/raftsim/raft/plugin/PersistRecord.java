package dev.raftsim.raft.plugin;

import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** The records a Raft server writes to its simulated disk, and how a restart reads them back. */
public sealed interface PersistRecord {
  record TermVote(long term, int votedFor) implements PersistRecord {}

  record Truncate(int fromIndex) implements PersistRecord {}

  record Append(int index, Entry entry) implements PersistRecord {}

  /**
   * A snapshot: its data and the new log base together, so no crash can leave a base without the data it names.
   * Every entry at or below its index is dropped from the log; entries after it stay. The node writes it before any
   * truncation it implies (an install that discards the whole log writes this, then a Truncate past the base).
   */
  record SnapshotTaken(Snapshot snapshot) implements PersistRecord {}

  /**
   * The log after the snapshot base at once, as compaction leaves it: what every Append and Truncate before it added
   * up to. Holds an immutable copy (a reference per entry; the entries themselves are shared with the node's log).
   */
  record LogImage(List<Entry> log) implements PersistRecord {
    public LogImage {
      log = List.copyOf(log);
    }
  }

  /**
   * The journal compactor ({@link dev.raftsim.sim.DurableStore.Compactor}): the durable records rewritten as the
   * last term and vote, the last snapshot and one image of the log after it. A restart recovers exactly what it
   * recovered from the records.
   */
  static List<Object> compact(List<Object> durable) {
    Recovered r = recover(durable);
    List<Object> out = new ArrayList<>(3);
    if (r.term() != 0 || r.votedFor() != -1) {
      out.add(new TermVote(r.term(), r.votedFor()));
    }
    if (r.snapshot() != null) {
      out.add(new SnapshotTaken(r.snapshot()));
    }
    if (!r.log().isEmpty()) {
      out.add(new LogImage(r.log()));
    }
    return out;
  }

  /** What survived on disk: the last term and vote written, the last snapshot (or null) and the log after it. */
  record Recovered(long term, int votedFor, Snapshot snapshot, List<Entry> log) {}

  static Recovered recover(List<Object> records) {
    long term = 0;
    int vote = -1;
    Snapshot snap = null;
    int base = 0; // log.get(k) is entry base + 1 + k
    ArrayList<Entry> log = new ArrayList<>();
    for (Object o : records) {
      if (o instanceof TermVote tv) {
        term = tv.term();
        vote = tv.votedFor();
      } else if (o instanceof Truncate t) {
        if (t.fromIndex() <= base) {
          throw new IllegalStateException("journal truncates from " + t.fromIndex() + ", inside snapshot " + snap);
        }
        if (t.fromIndex() <= base + log.size()) {
          log.subList(t.fromIndex() - 1 - base, log.size()).clear();
        }
      } else if (o instanceof Append a) {
        if (a.index() != base + log.size() + 1) {
          throw new IllegalStateException("journal appends index " + a.index() + " to a log ending at "
              + (base + log.size()));
        }
        log.add(a.entry());
      } else if (o instanceof LogImage image) {
        log.clear();
        log.addAll(image.log());
      } else if (o instanceof SnapshotTaken st) {
        Snapshot s = st.snapshot();
        if (s.index() < base || s.index() >= base + log.size()) {
          log.clear(); // (below the old base only under the planted bug install-rolls-back)
        } else {
          log.subList(0, s.index() - base).clear();
        }
        base = s.index();
        snap = s;
      } else {
        throw new IllegalStateException("unknown journal record " + o);
      }
    }
    return new Recovered(term, vote, snap, log);
  }
}
