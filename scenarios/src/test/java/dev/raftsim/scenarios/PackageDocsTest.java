package dev.raftsim.scenarios;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The public packages say what lives in them, naming their main types (not one line such as "raftsim reports."). */
class PackageDocsTest {
  @Test
  void thePublicPackagesOfScenariosSimAndReportsDescribeTheirContents() throws Exception {
    String[][] packages = {
        {"scenarios/src/main/java/dev/raftsim/scenarios", "Simulator", "Campaign", "Shrinker", "Counterexample"},
        {"sim-core/src/main/java/dev/raftsim/sim", "Simulation", "Prng", "FaultPlan", "DurableStore"},
        {"reports/src/main/java/dev/raftsim/reports", "HtmlReport", "CampaignIndex", "RunReport"}};
    for (String[] p : packages) {
      String doc = Files.readString(Path.of("..", p[0], "package-info.java"));
      long lines = doc.lines().filter(l -> l.strip().startsWith("*") && l.strip().length() > 2).count();
      assertTrue(lines >= 5, p[0] + ": " + lines + " lines of documentation");
      for (int i = 1; i < p.length; i++) {
        assertTrue(Pattern.compile("\\b" + p[i] + "\\b").matcher(doc).find(), p[0] + " does not mention " + p[i]);
        assertTrue(Files.exists(Path.of("..", p[0], p[i] + ".java")), p[i] + " named but not in " + p[0]);
      }
    }
  }
}
