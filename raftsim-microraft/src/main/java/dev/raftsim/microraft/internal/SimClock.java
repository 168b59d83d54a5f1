package dev.raftsim.microraft.internal;

import dev.raftsim.spi.NodeHost;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * MicroRaft's clock: the node's own (possibly skewed) virtual clock, {@link NodeHost#localNow()}, at MicroRaft's
 * time scale. MicroRaft reads only {@code millis()} (lease and heartbeat timestamps); {@code instant()} agrees.
 */
final class SimClock extends Clock {
  private final NodeHost host;
  private final long microsPerMilli;

  SimClock(NodeHost host, long microsPerMilli) {
    this.host = host;
    this.microsPerMilli = microsPerMilli;
  }

  @Override
  public long millis() {
    return host.localNow() / microsPerMilli;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("MicroRaft's simulated clock has no zones");
  }
}
