package dev.raftsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftsim.scenarios.coverage.CampaignCoverage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The coverage of several campaign folders together (the shards of one campaign for {@code merge}, or the
 * campaigns {@code raftsim coverage} compares): point hits summed, abstract states unioned from each folder's
 * states file. A folder without coverage (an older summary) makes the union unknown (null), never half-counted.
 */
final class CoverageUnion {
  private final CampaignCoverage.Union union = new CampaignCoverage.Union();
  private boolean missing;

  void add(Path dir, JsonNode summary) {
    JsonNode c = summary.path("coverage");
    if (!c.isObject()) {
      missing = true;
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> cov = JsonOut.MAPPER.convertValue(c, Map.class);
    long end = summary.path("requestedSchedules").asLong(summary.path("schedules").asLong());
    try {
      union.add(dir, cov, summary.path("schedules").asLong(), end);
    } catch (IOException e) {
      throw new BadInputException("cannot read the coverage of " + dir + ": " + e.getMessage());
    }
  }

  /** The union's {@code coverage} object, or null when a folder had none. */
  Map<String, Object> toJson() {
    return missing ? null : union.toJson();
  }

  CampaignCoverage.Union union() {
    return missing ? null : union;
  }

  void writeStates(Path dir) throws IOException {
    if (!missing) {
      Files.createDirectories(dir);
      union.writeStates(dir);
    }
  }
}
