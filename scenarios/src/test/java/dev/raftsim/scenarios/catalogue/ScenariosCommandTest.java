package dev.raftsim.scenarios.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftsim.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI of the catalogue: {@code raftsim scenarios list|run}. */
class ScenariosCommandTest {

  private record Outcome(int code, String out, String err) {}

  private static Outcome cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine c = Main.commandLine();
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    int code = c.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void listShowsEveryScenarioWithItsPurposeAligned() {
    Outcome o = cli("scenarios", "list");
    assertEquals(0, o.code());
    List<String> lines = o.out().lines().toList();
    assertEquals(Catalogue.names().size(), lines.size());
    int column = lines.get(0).indexOf(Catalogue.all().get(0).purpose());
    for (int i = 0; i < lines.size(); i++) {
      Scenario s = Catalogue.all().get(i);
      assertTrue(lines.get(i).startsWith(s.name() + " "), lines.get(i));
      assertEquals(column, lines.get(i).indexOf(s.purpose()), "aligned: " + lines.get(i));
    }
  }

  @Test
  void runReportsPassAndTimes() {
    Outcome o = cli("scenarios", "run", "ReElection", "Figure8Paper");
    assertEquals(0, o.code(), o.err());
    List<String> lines = o.out().lines().toList();
    assertEquals(3, lines.size(), o.out());
    assertTrue(lines.get(0).matches("PASS  ReElection    \\d+\\.\\d\\d s simulated, \\d+ ms wall"), lines.get(0));
    assertTrue(lines.get(1).startsWith("PASS  Figure8Paper  "), lines.get(1));
    assertTrue(lines.get(2).startsWith("2 passed, 0 failed; "), lines.get(2));
  }

  @Test
  void aPlantedBugMakesTheRunFailWithExitCodeOne() {
    Outcome o = cli("scenarios", "run", "Figure8Paper", "--bug", "figure8-commit");
    assertEquals(1, o.code());
    assertTrue(o.out().startsWith("FAIL  Figure8Paper  "), o.out());
    assertTrue(o.out().contains(": at ") && o.out().contains("LeaderCompleteness violated: n5 became leader of term 5"),
        o.out());
    assertTrue(o.out().contains("0 passed, 1 failed"), o.out());
  }

  @Test
  void unknownNamesAndBugsAreBadInput() {
    Outcome o = cli("scenarios", "run", "ReElection", "Nope");
    assertEquals(2, o.code());
    assertEquals("", o.out());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().startsWith("raftsim: unknown scenario 'Nope'; valid: InitialElection, ReElection, "), o.err());
    Outcome bug = cli("scenarios", "run", "--bug", "nope");
    assertEquals(2, bug.code());
    assertTrue(bug.err().startsWith("raftsim: unknown bug 'nope'; valid: figure8-commit, "), bug.err());
    Outcome rewrite = cli("scenarios", "run", "--rewrite", "ReElection");
    assertEquals(2, rewrite.code());
    assertTrue(rewrite.err().contains("--rewrite rewrites scenario files"), rewrite.err());
  }

  @Test
  void runsAFileAndRewritesItsExpectedBlock(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("case.txt");
    String script = "# Case: a leader appears and shows itself\nnodes 3\n\nat 0ms within 5s expect one-leader\n"
        + "then show leader\n";
    Files.writeString(f, script + "----\nok\n", StandardCharsets.UTF_8);
    Outcome before = cli("scenarios", "run", "--file", f.toString());
    assertEquals(1, before.code());
    assertTrue(before.out().contains("FAIL  Case  ") && before.out().contains("the transcript differs from the expected"
        + " block at its line 1: expected 'ok', got '"), before.out());

    Outcome rewrite = cli("scenarios", "run", "--file", f.toString(), "--rewrite");
    assertEquals(0, rewrite.code(), rewrite.out());
    assertTrue(rewrite.out().contains("rewrote the expected block of " + f), rewrite.out());
    String text = Files.readString(f, StandardCharsets.UTF_8);
    assertTrue(text.startsWith(script + "----\n"), text);
    assertTrue(text.matches("(?s).*----\n\\d+\\.\\d ms: leader n[123] \\(term 1\\)\nok\n"), text);

    Outcome after = cli("scenarios", "run", "--file", f.toString(), "-v");
    assertEquals(0, after.code(), after.out());
    assertTrue(after.out().contains("      | ok"), after.out());
  }

  @Test
  void aBrokenFileIsBadInputWithItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("broken.txt");
    Files.writeString(f, "nodes 3\nat 1s crash n9\n", StandardCharsets.UTF_8);
    Outcome o = cli("scenarios", "run", "--file", f.toString());
    assertEquals(2, o.code());
    assertEquals("raftsim: " + f + ":2: node n9 does not exist (nodes n1..n3)\n", o.err().replace("\r\n", "\n"));
    Outcome missing = cli("scenarios", "run", "--file", dir.resolve("absent.txt").toString());
    assertEquals(2, missing.code());
    String line = missing.err().replace("\r\n", "\n");
    assertTrue(line.startsWith("raftsim: ") && line.endsWith(dir.resolve("absent.txt") + ": no such file\n")
        && line.indexOf('\n') == line.length() - 1, line);
  }

  @Test
  void jsonIsOneObjectOnOneLine() throws Exception {
    Outcome o = cli("scenarios", "run", "BasicAgree", "--json");
    assertEquals(0, o.code());
    assertEquals(1, o.out().lines().count(), o.out());
    JsonNode n = new ObjectMapper().readTree(o.out());
    assertEquals(1, n.get("passed").asInt());
    assertEquals(0, n.get("failed").asInt());
    JsonNode s = n.get("scenarios").get(0);
    assertEquals("BasicAgree", s.get("name").asText());
    assertTrue(s.get("passed").asBoolean());
    assertTrue(s.get("digest").asText().matches("[0-9a-f]{16}"));
    assertEquals("ok", s.get("transcript").get(0).asText());
  }
}
