package dev.raftsim.scenarios;

import dev.raftsim.spi.Implementations;
import dev.raftsim.spi.RaftImplementation;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Raft implementations this process can host: those {@link java.util.ServiceLoader} finds on raftsim's own class
 * path, plus those on any class path added with {@link #addClassPath} (the CLI's {@code --classpath}), plus
 * instances registered directly (a test library handing over the user's implementation). Implementations are
 * stateless factories shared by every run and thread.
 */
public final class ImplementationCatalog {
  private static final Object LOCK = new Object();
  private static ClassLoader loader = ImplementationCatalog.class.getClassLoader();
  private static final Map<String, RaftImplementation> registered = new LinkedHashMap<>();
  private static volatile Implementations discovered;
  private static final List<String> addedPaths = new ArrayList<>();

  private ImplementationCatalog() {}

  /**
   * Adds jars and class folders ({@code :}-separated, as {@code --classpath} takes them) for discovery. Throws
   * {@link IllegalArgumentException} with one line for an entry that does not exist.
   */
  public static void addClassPath(String paths) {
    List<URL> urls = new ArrayList<>();
    for (String p : paths.split(java.io.File.pathSeparator)) {
      if (p.isBlank()) {
        continue;
      }
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("--classpath entry " + p + " does not exist");
      }
      try {
        urls.add(path.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--classpath entry " + p + " is not a usable path: " + e.getMessage());
      }
    }
    if (urls.isEmpty()) {
      return;
    }
    synchronized (LOCK) {
      loader = new URLClassLoader(urls.toArray(new URL[0]), loader);
      discovered = null;
      addedPaths.add(paths);
    }
  }

  /**
   * What to append to a printed replay command for a run of {@code implName}: {@code --classpath} with what was
   * added, when the implementation is not raftsim's own and a class path was added; "" otherwise.
   */
  public static String replayArguments(String implName) {
    synchronized (LOCK) {
      if (implName.equals(Implementations.DEFAULT) || addedPaths.isEmpty()) {
        return "";
      }
      return " --classpath " + String.join(java.io.File.pathSeparator, addedPaths);
    }
  }

  /** Makes {@code impl} available by its name, ahead of any discovered one of the same name. */
  public static void register(RaftImplementation impl) {
    synchronized (LOCK) {
      registered.put(impl.name(), impl);
    }
  }

  private static Implementations discovered() {
    Implementations d = discovered;
    if (d == null) {
      synchronized (LOCK) {
        if (discovered == null) {
          discovered = Implementations.discover(loader);
        }
        d = discovered;
      }
    }
    return d;
  }

  /** The implementation named {@code name}, or {@link IllegalArgumentException} with one line naming those found. */
  public static RaftImplementation require(String name) {
    synchronized (LOCK) {
      RaftImplementation r = registered.get(name);
      if (r != null) {
        return r;
      }
    }
    Implementations d = discovered();
    if (d.find(name).isPresent()) {
      return d.find(name).get();
    }
    throw new IllegalArgumentException("no Raft implementation named '" + name + "' (found: "
        + String.join(", ", names()) + ")");
  }

  public static boolean installed(String name) {
    synchronized (LOCK) {
      if (registered.containsKey(name)) {
        return true;
      }
    }
    return discovered().find(name).isPresent();
  }

  /** The installed version of {@code name}, or null when it is not installed. */
  public static String version(String name) {
    return installed(name) ? require(name).version() : null;
  }

  /** Every name available, sorted. */
  public static List<String> names() {
    TreeSet<String> all = new TreeSet<>(discovered().names());
    synchronized (LOCK) {
      all.addAll(registered.keySet());
    }
    return List.copyOf(all);
  }
}
