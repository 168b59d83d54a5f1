package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  @Test
  void roundTripsAndKeepsFieldOrder(@TempDir Path dir) throws Exception {
    RunReport r = SyntheticRun.build(5);
    Path file = dir.resolve("run.json");
    JsonReport.write(r, file);
    RunReport back = JsonReport.read(file);
    assertEquals(r, back);

    JsonNode tree = new ObjectMapper().readTree(file.toFile());
    List<String> fields = new ArrayList<>();
    tree.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("schema", "title", "seed", "configuration", "replayCommand", "digest", "events", "simulatedMicros",
        "counts", "violation", "processNames", "serverCount", "nodeStates", "history", "trace"), fields);
    assertEquals(JsonReport.SCHEMA, tree.get("schema").asText());
    assertEquals(r.trace().size(), tree.get("counts").get("traceRecords").asInt());
    assertEquals(1, tree.get("counts").get("duplicated").asInt());
    assertEquals("StateMachineSafety", tree.get("violation").get("invariant").asText());
  }

  @Test
  void traceRecordsAreOnePerLine() {
    RunReport r = SyntheticRun.build(2);
    String json = JsonReport.toJson(r);
    long lines = json.lines().filter(l -> l.trim().startsWith("{\"event\":")).count();
    assertEquals(r.trace().size(), lines);
    assertEquals(json, JsonReport.toJson(JsonReport.fromJson(json)), "stable bytes after a round trip");
  }

  @Test
  void cleanRunRoundTrips() {
    RunReport r = new RunReport("clean", -5, "c", List.of("n1", "c1"), 1, List.of(), null, List.of(), List.of(), "", "ab", 0, 0);
    assertEquals(r, JsonReport.fromJson(JsonReport.toJson(r)));
    assertTrue(JsonReport.toJson(r).contains("\"violation\": null"));
  }

  @Test
  void rejectsOtherDocumentsWithOneSentence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReport.fromJson("{\"not\": 1}"));
    assertTrue(e.getMessage().contains("unsupported schema"));
    assertThrows(IllegalArgumentException.class, () -> JsonReport.fromJson("{\"broken\""));
  }
}
