package dev.raftsim.scenarios;

import dev.raftsim.spi.Implementations;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Raft implementation a run hosts, by its SPI name, and the options switched on for it. raftsim's own planted
 * bugs travel in {@link ClusterConfig#bugs()} (the knobs, the shrinker and the catalogue know them); {@code
 * options} holds another implementation's own switches.
 *
 * @param name the implementation's {@code RaftImplementation.name()}
 * @param options switches of an implementation other than raftsim (sorted, for stable files)
 */
public record ImplChoice(String name, Set<String> options) {
  public static final ImplChoice RAFTSIM = new ImplChoice(Implementations.DEFAULT, Set.of());

  public ImplChoice {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("implementation name must not be empty");
    }
    options = java.util.Collections.unmodifiableSet(new TreeSet<>(options));
  }

  public static ImplChoice named(String name) {
    return new ImplChoice(name, Set.of());
  }

  public boolean isDefault() {
    return name.equals(Implementations.DEFAULT);
  }
}
