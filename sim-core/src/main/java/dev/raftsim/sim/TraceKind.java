package dev.raftsim.sim;

/** What a trace record says happened. */
public enum TraceKind {
  START,
  SEND,
  DELIVER,
  /** The network dropped the message at send time (loss or a cut link). */
  DROP,
  /** The message arrived at a crashed node. */
  LOST,
  /** The network made an extra copy of the message. */
  DUPLICATE,
  TIMER,
  FAULT,
  CRASH,
  RESTART,
  PAUSE,
  RESUME,
  HOST,
  NOTE
}
