package dev.raftsim.spi;

import java.util.concurrent.Executor;

/**
 * A single-threaded executor on virtual time, for implementations that schedule their own tasks. Tasks run in
 * the simulation's one thread, in a deterministic order: {@link #execute} tasks in submission order right after
 * the call into the server that submitted them returns (before the host looks at the node again); {@link
 * #schedule} tasks at their due time on this node's (possibly skewed) clock, ties in submission order. A crash
 * discards every pending task.
 */
public interface VirtualExecutor extends Executor {
  @Override
  void execute(Runnable task);

  /** Runs {@code task} once, {@code delayMicros} (>= 0) from now. */
  void schedule(Runnable task, long delayMicros);
}
