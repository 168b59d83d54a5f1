package dev.raftsim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A process's storage: an append-only journal of records with a durability mark. A record is durable once
 * synced (or written back in the background); a crash loses everything after the mark.
 *
 * <p>Left alone, the journal grows with every record ever written, and each restart reads all of it back, so a
 * long run with crashes slows down and fills memory. A host that knows its records can install a {@link Compactor}:
 * each time the durable part has doubled since the last compaction, it is rewritten into a shorter journal that a
 * restart recovers to the same state (later records supersede older ones). Only durable records are rewritten; the
 * unsynced tail is kept as written, so a crash loses exactly what it lost before, and nothing a run observes (its
 * trace, its digest) changes. The doubling keeps the rewriting's cost at O(1) per record written.
 */
public final class DurableStore {
  /** Rewrites durable records into fewer that recover to the same state. It must not keep the view it is given. */
  @FunctionalInterface
  public interface Compactor {
    List<Object> compact(List<Object> durable);
  }

  /** Below this many durable records, compaction is not worth a pass. */
  static final int MIN_COMPACTION = 256;

  private final ArrayList<Object> records = new ArrayList<>();
  private int durable;
  private Compactor compactor;
  private int compactedSize;
  private long compactions;

  public void write(Object record) {
    records.add(Objects.requireNonNull(record, "record"));
  }

  public void sync() {
    durable = records.size();
    if (compactor != null && durable >= Math.max(MIN_COMPACTION, 2 * compactedSize)) {
      compact();
    }
  }

  /** Installs the host's compactor (null: none, the journal keeps every record). */
  public void compactWith(Compactor c) {
    this.compactor = c;
  }

  private void compact() {
    List<Object> rewritten = List.copyOf(compactor.compact(Collections.unmodifiableList(records.subList(0, durable))));
    if (rewritten.size() > durable) {
      throw new IllegalStateException("compaction grew the journal from " + durable + " to " + rewritten.size());
    }
    records.subList(0, durable).clear();
    records.addAll(0, rewritten);
    durable = rewritten.size();
    compactedSize = durable;
    compactions++;
    records.trimToSize();
  }

  /** How many times the journal was compacted (for tests and the benchmark). */
  public long compactions() {
    return compactions;
  }

  public int pendingWrites() {
    return records.size() - durable;
  }

  public int durableCount() {
    return durable;
  }

  /** The durable records, oldest first (a read-only view: do not hold it across events). */
  public List<Object> durableRecords() {
    return Collections.unmodifiableList(records.subList(0, durable));
  }

  /** Drops the unsynced suffix, as a power loss would. Returns how many records were lost. */
  int crash() {
    int lost = records.size() - durable;
    records.subList(durable, records.size()).clear();
    return lost;
  }
}
