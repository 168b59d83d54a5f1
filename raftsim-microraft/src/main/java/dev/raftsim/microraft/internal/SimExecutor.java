package dev.raftsim.microraft.internal;

import dev.raftsim.spi.VirtualExecutor;
import io.microraft.executor.RaftNodeExecutor;
import java.util.concurrent.TimeUnit;

/**
 * MicroRaft's executor on the node's virtual executor. Nothing runs inline: MicroRaft's javadoc allows an executor
 * to run a submitted task in the caller, but its callers do not expect the re-entry. Delays are MicroRaft time,
 * scaled to virtual time ({@link Tuning}); the host applies the node's clock skew.
 */
final class SimExecutor implements RaftNodeExecutor {
  private final VirtualExecutor executor;
  private final Tuning tuning;
  private final MicroRaftServer server;

  SimExecutor(VirtualExecutor executor, Tuning tuning, MicroRaftServer server) {
    this.executor = executor;
    this.tuning = tuning;
    this.server = server;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(server.guarded(task));
  }

  @Override
  public void submit(Runnable task) {
    executor.execute(server.guarded(task));
  }

  @Override
  public void schedule(Runnable task, long delay, TimeUnit timeUnit) {
    executor.schedule(server.guarded(task), tuning.virtualMicros(timeUnit.toNanos(delay)));
  }
}
