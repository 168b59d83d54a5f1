package org.example.tinyraft;

import dev.raftsim.scenarios.SequentialModel;
import dev.raftsim.scenarios.Workload;
import dev.raftsim.spi.Operation;
import dev.raftsim.spi.Randomness;

/**
 * A workload of the example's own: clients add to one shared counter and read it. Its sequential model (a long,
 * and the result a client sees) lets raftsim check the history for linearizability.
 */
final class CounterWorkload implements Workload {
  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Operation next(int client, long seq, Randomness random) {
    return random.nextInt(3) == 0 ? new Counter.Read() : new Counter.Add(1 + random.nextInt(9));
  }

  @Override
  public SequentialModel<Long> model() {
    return new SequentialModel<>() {
      @Override
      public Long initial() {
        return 0L;
      }

      @Override
      public Step<Long> apply(Long total, Operation op) {
        long after = op instanceof Counter.Add a ? total + a.delta() : total;
        return new Step<>(after, Long.toString(after));
      }
    };
  }
}
