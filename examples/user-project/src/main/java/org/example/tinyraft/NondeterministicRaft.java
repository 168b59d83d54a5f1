package org.example.tinyraft;

import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftServer;

/**
 * TinyRaft with one deliberate mistake, to show what {@code ./raftsim run --check-determinism} finds: its election
 * timeout adds a jitter read from the wall clock. Every run of the same seed then differs, and the check names the
 * first event whose outcome differs (an election timer). Registered as {@code example-nondeterministic}. Do not copy.
 */
public class NondeterministicRaft extends TinyRaft {
  @Override
  public String name() {
    return "example-nondeterministic";
  }

  @Override
  public String description() {
    return "TinyRaft whose election timeout reads the wall clock (breaks the determinism rule on purpose)";
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    return new TinyRaftServer(setup, host) {
      @Override
      long electionTimeout() {
        return super.electionTimeout() + System.nanoTime() % 1000; // the mistake: wall-clock time in the simulation
      }
    };
  }
}
