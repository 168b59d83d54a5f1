package dev.raftsim.spi;

/**
 * A node's disk, as a journal of records. Writes are buffered: a crash loses every record not yet made durable by
 * {@link #sync()} (or by the simulated disk's own writeback). After a restart, the records that survived are in
 * {@link NodeSetup#durableRecords()}, in write order. Records must be immutable values (records of primitives,
 * strings and immutable lists are ideal): the host keeps them as they are.
 */
public interface DurableStore {
  void write(Object record);

  /** Makes every record written so far durable (fsync). */
  void sync();
}
