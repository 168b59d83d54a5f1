package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @Test
  void writesHtmlJsonAndShivizSideBySide(@TempDir Path dir) throws Exception {
    RunReport r = SyntheticRun.build(2);
    Reports.ReportFiles files = Reports.writeFailureReport(r, dir.resolve("out"), "seed-42");
    assertEquals(dir.resolve("out/seed-42.html"), files.html());
    assertEquals(dir.resolve("out/seed-42.json"), files.json());
    assertEquals(dir.resolve("out/seed-42.shiviz"), files.shiviz());
    assertTrue(Files.readString(files.html()).startsWith("<!DOCTYPE html>"));
    assertEquals(r, JsonReport.read(files.json()));
    ShivizExportTest.check(Files.readString(files.shiviz()));
  }
}
