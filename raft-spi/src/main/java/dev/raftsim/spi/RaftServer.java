package dev.raftsim.spi;

/**
 * One node incarnation as the host drives it. Inputs are called one at a time on the simulation's thread; during
 * each, the server acts through its {@link NodeHost} (send, persist, arm timers, schedule tasks). Between inputs
 * it is read through {@link NodeState}.
 *
 * <p>A step-function implementation does its work in these methods; a library that schedules its own tasks can
 * leave {@link #onTimer} empty and run on {@link NodeHost#executor()}.
 */
public interface RaftServer extends NodeState {
  /** Called once, right after creation (fresh or restarted): arm the first timers here. */
  void start();

  /** A message from process {@code from} (a server, or a client of the implementation's own protocol). */
  void onMessage(int from, Object message);

  /** Named timer {@code timer} fired. */
  void onTimer(int timer);

  /**
   * A client command through the host's standard client protocol (and a scenario's direct {@code start}): propose
   * it if leading and answer through {@link NodeHost#reply} once it took effect; otherwise reply not ok at once.
   * Commands are retried with the same (clientId, seq): apply each at most once.
   */
  void onClientCommand(ClientCommand command);

  /**
   * Start an election now, as if the election timeout fired (etcd's MsgHup); used by scenarios. Returns false if
   * the implementation cannot.
   */
  default boolean campaign() {
    return false;
  }

  /**
   * Asks this server, as leader, to change the configuration. Returns false at once when it is not the leader, a
   * change is already in flight, or it cannot make this change; true when it accepted (proposed) it. The outcome is
   * seen through {@link NodeState#voters()} and the others, not through a reply.
   */
  default boolean changeMembership(MembershipChange change) {
    return false;
  }

  /**
   * Asks this server, as leader, to hand leadership to {@code target} (dissertation §3.10: bring it up to date,
   * then TimeoutNow). Returns false at once when it cannot (not leader, target not a voter, unsupported).
   */
  default boolean transferLeadership(int target) {
    return false;
  }

  /**
   * Optional protocol coverage: the server adds one to {@code counters[p]} each time it reaches its coverage point
   * {@code p} (numbering is the implementation's own; the host names raftsim's). Default: no points.
   */
  default void countCoverageInto(int[] counters) {}
}
