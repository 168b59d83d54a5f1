package dev.raftsim.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One call for everything a failure leaves behind: {@code <base>.html}, {@code <base>.json}, {@code <base>.shiviz}. */
public final class Reports {
  private Reports() {}

  /** The files written for one run. */
  public record ReportFiles(Path html, Path json, Path shiviz) {}

  public static ReportFiles writeFailureReport(RunReport r, Path dir, String baseName) throws IOException {
    Files.createDirectories(dir);
    ReportFiles files = new ReportFiles(dir.resolve(baseName + ".html"), dir.resolve(baseName + ".json"),
        dir.resolve(baseName + ".shiviz"));
    HtmlReport.write(r, files.html());
    JsonReport.write(r, files.json());
    ShivizExport.write(r, files.shiviz());
    return files;
  }
}
