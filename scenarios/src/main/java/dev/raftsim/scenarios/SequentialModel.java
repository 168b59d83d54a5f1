package dev.raftsim.scenarios;

import dev.raftsim.spi.Operation;

/**
 * The sequential specification of a {@link Workload}: a state machine that applies one operation at a time. A
 * history is linearizable when its operations can be ordered, respecting real time, so that applying them in that
 * order to {@link #initial()} yields every result the clients saw. States must be immutable values with {@code
 * equals} and {@code hashCode} (records are ideal): the search memoises on them.
 *
 * @param <S> the state type
 */
public interface SequentialModel<S> {
  S initial();

  /** The state after {@code op} and the result a client sees ({@code null} when the operation returns nothing). */
  Step<S> apply(S state, Operation op);

  /** One transition of the model. */
  record Step<S>(S state, String result) {}
}
