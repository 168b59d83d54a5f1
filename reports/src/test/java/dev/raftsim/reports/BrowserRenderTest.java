package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium (skipped where Chromium is not installed) and checks the DOM after the
 * page's script ran; also leaves screenshots in target/screenshots for people to look at.
 */
class BrowserRenderTest {
  static final Path SHOTS = Path.of("target", "screenshots");

  static String chromium() {
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      return "/usr/bin/chromium";
    }
    return ShivizExportTest.findOnPath("chromium");
  }

  static List<String> command(String chromium, Path profile, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish within 60 s");
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  static long attr(String html, String name) {
    return HtmlReportTest.attr(html, name);
  }

  static int delivered(RunReport r, long first, long last) {
    int n = 0;
    for (TraceEvent e : r.trace()) {
      if (e.kind() == TraceKind.DELIVER && e.event() >= first && e.event() <= last) {
        n++;
      }
    }
    return n;
  }

  @Test
  void diagramRendersInChromiumWithOneArrowPerDelivery(@TempDir Path tmp) throws Exception {
    String chromium = chromium();
    Assumptions.assumeTrue(chromium != null, "chromium not installed");
    RunReport r = SyntheticRun.build(120);
    Files.createDirectories(SHOTS);
    Path page = SHOTS.resolve("failure-report.html").toAbsolutePath();
    HtmlReport.write(r, page);

    String dom = run(command(chromium, tmp.resolve("profile1"), "--dump-dom", page.toUri().toString()), tmp);
    assertTrue(dom.contains("id=\"st-body\""), "page did not render: " + dom.substring(0, Math.min(300, dom.length())));
    long first = attr(dom, "data-window-first-event");
    long last = attr(dom, "data-window-last-event");
    assertEquals(r.violation().eventIndex(), last, "opens on the window that ends at the violation");
    int expected = delivered(r, first, last);
    assertEquals(HtmlReportTest.deliveredInInitialWindow(r, 400), expected);
    assertEquals(expected, HtmlReportTest.count(HtmlReportTest.ARROW, dom), "arrows in the rendered DOM");
    assertEquals(expected, attr(dom, "data-window-delivered"));
    assertTrue(dom.contains("id=\"violation\""));

    // The script swaps in another window on request; its arrows are again exactly its deliveries.
    String dom0 = run(command(chromium, tmp.resolve("profile2"), "--dump-dom", page.toUri() + "#window=0"), tmp);
    assertEquals(0, attr(dom0, "data-window-index"));
    long first0 = attr(dom0, "data-window-first-event");
    long last0 = attr(dom0, "data-window-last-event");
    assertTrue(last0 < first, "window 0 lies before the violation window");
    assertEquals(delivered(r, first0, last0), HtmlReportTest.count(HtmlReportTest.ARROW, arrowsOf(dom0)));
    assertEquals(delivered(r, first0, last0), attr(dom0, "data-window-delivered"));
    assertTrue(!arrowsOf(dom0).contains("id=\"violation\""), "the violation is not in window 0");

    Path shot = SHOTS.resolve("failure-report.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    run(command(chromium, tmp.resolve("profile3"), "--hide-scrollbars", "--screenshot=" + shot, "--window-size=1400,1000",
        page.toUri().toString()), tmp);
    assertTrue(Files.size(shot) > 10_000, "screenshot written");
  }

  @Test
  void campaignIndexRendersInChromium(@TempDir Path tmp) throws Exception {
    String chromium = chromium();
    Assumptions.assumeTrue(chromium != null, "chromium not installed");
    Path dir = SHOTS.resolve("campaign").toAbsolutePath();
    Path page = CampaignIndex.write(CampaignIndexTest.failing(), dir);
    String dom = run(command(chromium, tmp.resolve("profile"), "--dump-dom", page.toUri().toString()), tmp);
    assertTrue(dom.contains("class=\"histsvg\""));
    Path shot = SHOTS.resolve("campaign-index.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    run(command(chromium, tmp.resolve("profile2"), "--hide-scrollbars", "--screenshot=" + shot, "--window-size=1400,1000",
        page.toUri().toString()), tmp);
    assertTrue(Files.size(shot) > 10_000, "screenshot written");
  }

  /** The live diagram only (the page also carries other windows as escaped JSON text). */
  static String arrowsOf(String dom) {
    Matcher m = Pattern.compile("<g id=\"st-win\">(.*?)</g></svg>", Pattern.DOTALL).matcher(dom);
    assertTrue(m.find(), "no diagram in the DOM");
    return m.group(1);
  }
}
