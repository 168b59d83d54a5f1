package dev.raftsim.sim;

/**
 * Tells the kernel which node the host considers primary right now (for Raft, the leader) and which tenure it is
 * in (for Raft, the term), so primary-targeted faults can hunt leaders without the kernel knowing what one is.
 * Both must be deterministic functions of the simulation's state.
 */
public interface PrimaryResolver {
  PrimaryResolver NONE = new PrimaryResolver() {
    @Override
    public int primary() {
      return -1;
    }

    @Override
    public long tenure() {
      return -1;
    }
  };

  /** The primary node, or -1 when there is none. */
  int primary();

  /** Identifies the current primary's tenure: a new leadership has a new tenure. */
  long tenure();
}
