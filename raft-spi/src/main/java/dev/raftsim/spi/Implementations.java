package dev.raftsim.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Discovery: the {@link RaftImplementation}s a class loader's {@link ServiceLoader} finds, by name. */
public final class Implementations {
  /** The name of raftsim's own implementation, the default. */
  public static final String DEFAULT = "raftsim";

  private final Map<String, RaftImplementation> byName;

  private Implementations(Map<String, RaftImplementation> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Every implementation registered in {@code META-INF/services/dev.raftsim.spi.RaftImplementation} on {@code
   * loader}'s class path. Throws {@link IllegalArgumentException} with one line when one cannot be loaded or two
   * share a name.
   */
  public static Implementations discover(ClassLoader loader) {
    TreeMap<String, RaftImplementation> found = new TreeMap<>();
    try {
      for (RaftImplementation impl : ServiceLoader.load(RaftImplementation.class, loader)) {
        String name = impl.name();
        RaftImplementation earlier = found.putIfAbsent(name, impl);
        if (earlier != null && earlier.getClass() != impl.getClass()) {
          throw new IllegalArgumentException("two implementations are named '" + name + "': "
              + earlier.getClass().getName() + " and " + impl.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("cannot load a Raft implementation: " + e.getMessage());
    }
    return new Implementations(found);
  }

  public Optional<RaftImplementation> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Names in alphabetical order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The implementation named {@code name}, or {@link IllegalArgumentException} with one line naming those found.
   */
  public RaftImplementation require(String name) {
    RaftImplementation impl = byName.get(name);
    if (impl == null) {
      throw new IllegalArgumentException("no Raft implementation named '" + name + "' (found: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + ")");
    }
    return impl;
  }
}
