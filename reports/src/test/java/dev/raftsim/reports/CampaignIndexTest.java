package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignIndexTest {
  static CampaignData failing() {
    Map<String, Long> mix = new LinkedHashMap<>();
    mix.put("crashes", 1480L);
    mix.put("partitions", 1510L);
    mix.put("pauses", 760L);
    mix.put("duplication", 2950L);
    mix.put("clock skew", 0L);
    List<Double> leader = new ArrayList<>();
    List<Double> commit = new ArrayList<>();
    List<Integer> elections = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      leader.add(150 + (i * 37 % 160) + (i % 7) * 3.5);
      commit.add(2 + (i * 13 % 40) / 4.0 + (i % 50 == 0 ? 60 : 0));
      elections.add(1 + (i * 7 % 11 == 0 ? 3 : i % 3));
    }
    return new CampaignData("fuzz --schedules 3000 --seed 7 --faults swarm --bug figure8-commit", 3000, 2, 812.5, 2.4e6, 3692,
        "9f3a0c11d2e4b5a6", false,
        List.of(new FailureLink(41, 17, "StateMachineSafety", "n1 and n3 applied different commands at index 4",
                "failures/seed-7000123.html", 212, new FailureLink.Origin(7_000_123, "n2 and n5 applied different "
                    + "commands at index 90", 9_876)),
            new FailureLink(2_315, 7_001_999, "LeaderCompleteness", "leader n2 of term 5 lacks committed index 3",
                "failures/seed-7001999.html", 4_321, null)),
        mix, leader, commit, elections, "./raftsim fuzz --schedules 3000 --seed 7 --faults swarm --bug figure8-commit");
  }

  @Test
  void indexLinksFailuresAndDrawsThePlots(@TempDir Path dir) throws Exception {
    Path file = CampaignIndex.write(failing(), dir);
    assertEquals(dir.resolve("index.html"), file);
    String html = Files.readString(file);
    assertTrue(html.contains("href=\"failures/seed-7000123.html\""));
    assertTrue(html.contains("href=\"failures/seed-7001999.html\""));
    assertTrue(html.contains("class=\"banner bad\""));
    // One story: the shrunk run (seed 17, 212 events) is the failure; the found run is its labelled origin.
    String row = html.substring(html.indexOf("id=\"failure-41\""), html.indexOf("id=\"failure-2315\""));
    assertTrue(row.contains("#41") && row.contains(">17<") && row.contains(">212<"), row);
    assertTrue(row.contains("shrunk from " + dev.raftsim.reports.internal.Html.count(9_876) + " events, seed <span class=\"mono\">7000123"), row);
    assertTrue(html.substring(html.indexOf("id=\"failure-2315\"")).contains("not shrunk"));
    assertEquals(3, Pattern.compile("<svg class=\"histsvg\"").matcher(html).results().count(), "three histograms");
    assertEquals(5, Pattern.compile("<rect class=\"bar\"").matcher(html).results().count(), "one bar per fault family");
    assertTrue(html.contains("p50"));
    assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*https?:").matcher(html).find());
    // Elections are integers spanning 1..4: one bar per value.
    String elections = html.substring(html.indexOf("Elections per run"));
    assertEquals(4, Pattern.compile("<rect class=\"hbar\"").matcher(elections).results().count());
  }

  @Test
  void cleanAndInterruptedCampaignsSaySo() {
    CampaignData clean = new CampaignData("clean", 400, 0, 100, 1e6, 4000, "abc", false, List.of(), Map.of(), List.of(),
        List.of(), List.of(), "");
    String html = CampaignIndex.render(clean);
    assertTrue(html.contains("class=\"banner good\""));
    assertTrue(html.contains("no invariant violated"));
    assertTrue(html.contains("no samples"));
    CampaignData stopped = new CampaignData("stopped", 12, 0, 1, 1, 1, "", true, List.of(), Map.of(), List.of(), List.of(),
        List.of(), "");
    assertTrue(CampaignIndex.render(stopped).contains("class=\"banner warn\""));
  }

  @Test
  void aCampaignStoppedAtTheFailureLimitSaysSo() {
    CampaignData limited = new CampaignData("limited", 1_118, 10, 1, 1, 1, "", false, List.of(), Map.of(), List.of(),
        List.of(), List.of(), "", "the failure limit (--max-failures 10) was reached after 1118 of 5000 schedules");
    String html = CampaignIndex.render(limited);
    assertTrue(html.contains("stopped at the failure limit"), "kicker");
    assertTrue(html.contains("Stopped early:</b> the failure limit (--max-failures 10) was reached after 1118 of 5000"));
    assertFalse(CampaignIndex.render(failing()).contains("Stopped early"));
  }
}
