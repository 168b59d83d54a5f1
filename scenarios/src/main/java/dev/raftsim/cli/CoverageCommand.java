package dev.raftsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftsim.scenarios.Campaign;
import dev.raftsim.scenarios.coverage.CampaignCoverage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code raftsim coverage DIR...}: what each campaign reached, and what one reached that the others did not. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
    description = "Compare the coverage of campaign folders: points hit, abstract states, and what each reached alone.")
public final class CoverageCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Campaign output folders (fuzz --out, or merge --out).")
  List<Path> dirs;

  @Option(names = "--json", description = "Print the comparison as one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    List<String> names = CampaignCoverage.pointNames();
    List<Map<String, Object>> campaigns = new ArrayList<>();
    List<Set<String>> hitSets = new ArrayList<>();
    List<Set<Long>> stateSets = new ArrayList<>();
    for (Path dir : dirs) {
      Path file = dir.resolve("summary.json");
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(dir + " is not a campaign folder (no summary.json)");
      }
      JsonNode s;
      try {
        s = JsonOut.MAPPER.readTree(Files.readString(file));
      } catch (IOException e) {
        throw new BadInputException("cannot read campaign summary " + file + ": " + e.getMessage());
      }
      if (s == null || !Campaign.SUMMARY_FORMAT.equals(s.path("format").asText())) {
        throw new BadInputException(file + " is not a raftsim campaign summary (" + Campaign.SUMMARY_FORMAT + ")");
      }
      CoverageUnion u = new CoverageUnion();
      u.add(dir, s);
      if (u.union() == null) {
        throw new BadInputException(file + " has no coverage (written by an older raftsim?)");
      }
      Map<String, Object> cov = u.toJson();
      @SuppressWarnings("unchecked")
      Map<String, Object> hit = (Map<String, Object>) cov.get("pointsHit");
      hitSets.add(new HashSet<>(hit.keySet()));
      stateSets.add(new HashSet<>(u.union().stateSet()));
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("dir", dir.toString());
      c.put("seed", s.path("seed").asLong());
      c.put("guided", s.path("guided").asBoolean(false));
      c.put("schedules", s.path("schedules").asLong());
      c.put("pointsHit", hit.size());
      c.put("abstractStates", cov.get("abstractStates"));
      c.put("growth", cov.get("growth"));
      campaigns.add(c);
    }
    Set<Long> all = new HashSet<>();
    stateSets.forEach(all::addAll);
    for (int i = 0; i < campaigns.size(); i++) {
      Set<String> onlyPoints = new java.util.TreeSet<>(hitSets.get(i));
      Set<Long> onlyStates = new HashSet<>(stateSets.get(i));
      for (int j = 0; j < campaigns.size(); j++) {
        if (j != i) {
          onlyPoints.removeAll(hitSets.get(j));
          onlyStates.removeAll(stateSets.get(j));
        }
      }
      campaigns.get(i).put("pointsOnlyHere", new ArrayList<>(onlyPoints));
      campaigns.get(i).put("statesOnlyHere", onlyStates.size());
    }
    List<String> neverAnywhere = new ArrayList<>();
    for (String n : names) {
      if (hitSets.stream().noneMatch(h -> h.contains(n))) {
        neverAnywhere.add(n);
      }
    }
    System.out.printf(Locale.ROOT, "%-40s %8s %10s %8s %10s %12s%n", "campaign", "guided", "schedules", "points",
        "states", "only here");
    for (Map<String, Object> c : campaigns) {
      System.out.printf(Locale.ROOT, "%-40s %8s %10s %8s %10s %12s%n", shorten(String.valueOf(c.get("dir"))),
          c.get("guided"), c.get("schedules"), c.get("pointsHit"), c.get("abstractStates"), c.get("statesOnlyHere"));
      @SuppressWarnings("unchecked")
      List<String> only = (List<String>) c.get("pointsOnlyHere");
      if (!only.isEmpty()) {
        System.out.println("  points only this campaign hit: " + String.join(", ", only));
      }
    }
    System.out.printf(Locale.ROOT, "together: %d distinct abstract states; points no campaign hit: %s%n", all.size(),
        neverAnywhere.isEmpty() ? "none" : String.join(", ", neverAnywhere));
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("campaigns", campaigns);
      m.put("abstractStatesTogether", all.size());
      m.put("pointsNeverHit", neverAnywhere);
      System.out.println(JsonOut.line(m));
    }
    return Main.OK;
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : "…" + s.substring(s.length() - 39);
  }
}
