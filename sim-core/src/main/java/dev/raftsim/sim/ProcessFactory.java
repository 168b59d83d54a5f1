package dev.raftsim.sim;

import java.util.List;

/** Builds a process at the start of the run (incarnation 0) and at each restart from its durable records. */
public interface ProcessFactory<M> {
  SimProcess<M> create(int id, int incarnation, List<Object> durableRecords);
}
