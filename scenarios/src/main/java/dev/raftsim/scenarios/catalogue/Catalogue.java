package dev.raftsim.scenarios.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every built-in scenario: the Java-built ones of {@link ClassicScenarios} and the text files under
 * {@code src/main/resources/scenarios/} (listed in that folder's {@code INDEX}). The MIT lab's tests come first,
 * in the order of the reference's catalogue, then Figure8Paper, AsymmetricPartition and the rest.
 */
public final class Catalogue {
  /** Where the scenario files live on the class path. */
  public static final String RESOURCE_DIR = "/scenarios/";

  /** The order of {@code scenarios list}; names not listed here follow in definition order. */
  public static final List<String> ORDER = List.of("InitialElection", "ReElection", "ManyElections", "BasicAgree",
      "RPCBytes", "FollowerFailure", "LeaderFailure", "FailAgree", "FailNoAgree", "ConcurrentStarts", "Rejoin",
      "Backup", "Count", "Persist1", "Persist2", "Persist3", "Figure8", "UnreliableAgree", "Figure8Unreliable",
      "ReliableChurn", "UnreliableChurn", "Figure8Paper", "AsymmetricPartition");

  private static List<Scenario> all;

  private Catalogue() {}

  /** All built-in scenarios, in catalogue order. */
  public static synchronized List<Scenario> all() {
    if (all == null) {
      Map<String, Scenario> byName = new LinkedHashMap<>();
      List<Scenario> defined = new ArrayList<>(ClassicScenarios.scenarios());
      defined.addAll(MembershipScenarios.scenarios());
      defined.addAll(fromResources());
      for (Scenario s : defined) {
        if (byName.put(s.name(), s) != null) {
          throw new IllegalStateException("two built-in scenarios are named " + s.name());
        }
      }
      List<Scenario> ordered = new ArrayList<>();
      for (String name : ORDER) {
        Scenario s = byName.remove(name);
        if (s == null) {
          throw new IllegalStateException("the catalogue has no scenario " + name);
        }
        ordered.add(s);
      }
      ordered.addAll(byName.values());
      all = List.copyOf(ordered);
    }
    return all;
  }

  public static Optional<Scenario> find(String name) {
    for (Scenario s : all()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public static List<String> names() {
    return all().stream().map(Scenario::name).toList();
  }

  /** The scenario files shipped as resources, in INDEX order. */
  static List<Scenario> fromResources() {
    List<Scenario> out = new ArrayList<>();
    for (String line : resource("INDEX").split("\n")) {
      String file = line.strip();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      out.add(ScenarioText.parse(resource(file), "scenarios/" + file));
    }
    return out;
  }

  /** The text of one file under {@link #RESOURCE_DIR}. */
  public static String resource(String file) {
    try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE_DIR + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
