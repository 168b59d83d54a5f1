package dev.raftsim.sim;

/**
 * A simulated process: a deterministic handler fed start, message and timer events. It acts only through its
 * {@link Context}. A crash discards the object; a restart asks the {@link ProcessFactory} for a new one built from
 * the durable records that survived.
 */
public interface SimProcess<M> {
  void onStart(Context<M> ctx);

  void onMessage(Context<M> ctx, int from, M message);

  void onTimer(Context<M> ctx, int timer);
}
