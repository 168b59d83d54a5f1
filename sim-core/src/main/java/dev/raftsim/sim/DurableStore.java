package dev.raftsim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A process's storage: an append-only journal of records with a durability mark. A record is durable once
 * synced (or written back in the background); a crash loses everything after the mark.
 */
public final class DurableStore {
  private final ArrayList<Object> records = new ArrayList<>();
  private int durable;

  public void write(Object record) {
    records.add(java.util.Objects.requireNonNull(record, "record"));
  }

  public void sync() {
    durable = records.size();
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
