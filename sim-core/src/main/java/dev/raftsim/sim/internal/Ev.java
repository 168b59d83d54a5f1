package dev.raftsim.sim.internal;

/**
 * A scheduled event. Mutable and pooled by the kernel so the event loop does not allocate per event; never
 * escapes the kernel.
 */
public final class Ev {
  public long time;
  public long seq;
  public int type;
  /** The process the event is for (recipient, timer owner), or -1. */
  public int node;
  public int from;
  /** Type-specific: timer kind, duplicate flag, partition generation. */
  public int aux;
  public long id;
  public long sentAt;
  /** A message's fingerprint, computed once when it is sent. */
  public long fingerprint;
  public Object payload;
  /** Where the event heap keeps this event (-1: not yet seen by a heap); see EventHeap. */
  public int slot = -1;

  public void clear() {
    payload = null;
  }
}
