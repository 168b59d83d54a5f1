package dev.raftsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.CliRun.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipCliTest {
  private static void assertBadInput(Outcome o, String mentions) {
    assertEquals(Main.BAD_INPUT, o.code(), o.err());
    assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    assertTrue(o.err().contains(mentions), o.err());
  }

  @Test
  void badMembershipFlagsAreOneLineAndExitTwo() {
    assertBadInput(CliRun.exec("run", "--reconfig", "abc"), "--reconfig");
    assertBadInput(CliRun.exec("run", "--reconfig", "-1"), "--reconfig");
    assertBadInput(CliRun.exec("run", "--reconfig", "1000"), "--reconfig");
    assertBadInput(CliRun.exec("run", "--reconfig", "NaN"), "--reconfig");
    assertBadInput(CliRun.exec("run", "--spares", "5"), "--spares");
    assertBadInput(CliRun.exec("run", "--nodes", "3", "--spares", "3"), "--spares");
    assertBadInput(CliRun.exec("fuzz", "--spares", "x"), "--spares");
    assertBadInput(CliRun.exec("run", "--reconfig-mix", "joint"), "--reconfig");
    assertBadInput(CliRun.exec("run", "--reconfig", "2", "--reconfig-mix", "weird"), "weird");
    assertBadInput(CliRun.exec("run", "--reconfig", "2", "--reconfig-nemesis", "200"), "--reconfig-nemesis");
  }

  @Test
  void aRunWithTheClientCountsChangesAndDrawsTheLanes(@TempDir Path dir) throws Exception {
    Outcome o = CliRun.exec("run", "--seed", "3", "--spares", "2", "--reconfig", "4", "--reconfig-nemesis", "30",
        "--json", "--report", dir.toString(), "--state-trace", dir.resolve("s.ndjson").toString());
    assertEquals(0, o.code(), o.err());
    JsonNode d = new ObjectMapper().readTree(o.out());
    assertTrue(d.get("counters").get("configChanges").asLong() > 0, o.out());
    String html;
    try (Stream<Path> files = Files.list(dir)) {
      html = Files.readString(files.filter(p -> p.toString().endsWith(".html")).findFirst().orElseThrow());
    }
    assertTrue(html.contains("member-voter") && html.contains("member-removed"), "configuration strips");
    assertTrue(html.contains("configmark"), "configuration marks");
    String trace = Files.readString(dir.resolve("s.ndjson"));
    assertTrue(trace.lines().findFirst().orElseThrow().contains("\"voters\":[\"n1\",\"n2\",\"n3\"]"), "spares n4, n5");
    assertTrue(trace.contains("\"ChangeConf\"") && trace.contains("\"conf\":{"), "configurations in the state trace");
  }
}
