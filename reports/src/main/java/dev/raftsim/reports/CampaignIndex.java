package dev.raftsim.reports;

import static dev.raftsim.reports.internal.Html.esc;
import static dev.raftsim.reports.internal.Html.n;

import dev.raftsim.reports.internal.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html} of a fuzz output folder: a banner that says at once whether the campaign found anything, the
 * big numbers, failures linked to their reports, the fault mix and small histograms of election and commit
 * timings. Self-contained like the failure reports.
 */
public final class CampaignIndex {
  public static final String FILE_NAME = "index.html";

  private CampaignIndex() {}

  /** Writes {@code dir/index.html} and returns its path. */
  public static Path write(CampaignData d, Path dir) throws IOException {
    return write(d, null, dir);
  }

  /** As {@link #write(CampaignData, Path)}, with the campaign's coverage (null: none recorded). */
  public static Path write(CampaignData d, CoverageData coverage, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    AtomicFiles.write(file, render(d, coverage));
    return file;
  }

  public static String render(CampaignData d) {
    return render(d, null);
  }

  public static String render(CampaignData d, CoverageData coverage) {
    StringBuilder sb = new StringBuilder(32 * 1024);
    boolean failed = d.failingSchedules() > 0 || !d.failures().isEmpty();
    String state = failed ? "bad" : d.interrupted() ? "warn" : "good";
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc((failed ? "✗ " : "✓ ") + "raftsim campaign: " + d.title())).append("</title>\n<style>\n")
        .append(Html.resource("report.css")).append(Html.resource("campaign.css")).append("</style>\n</head>\n<body>\n");
    sb.append("<header class=\"banner ").append(state).append("\"><div class=\"wrap\"><div><div class=\"kicker\">raftsim · fuzz campaign")
        .append(d.interrupted() ? " · interrupted" : "").append(d.stoppedEarly().isEmpty() ? "" : " · stopped at the failure limit")
        .append("</div><h1>");
    if (failed) {
      sb.append("✗ ").append(Html.count(d.failingSchedules())).append(" of ").append(Html.count(d.schedules()))
          .append(d.schedules() == 1 ? " schedule" : " schedules").append(" broke an invariant");
    } else if (d.interrupted()) {
      sb.append("◼ Interrupted after ").append(Html.count(d.schedules())).append(" schedules, no violation so far");
    } else {
      sb.append("✓ ").append(Html.count(d.schedules())).append(d.schedules() == 1 ? " schedule" : " schedules")
          .append(", no invariant violated");
    }
    sb.append("</h1><p class=\"sentence\">").append(esc(d.title())).append("</p>");
    if (!d.stoppedEarly().isEmpty()) {
      sb.append("<p class=\"sentence stopped\"><b>◼ Stopped early:</b> ").append(esc(d.stoppedEarly())).append("</p>");
    }
    sb.append("</div></div></header>\n<div class=\"wrap\">\n");
    tiles(sb, d);
    if (!d.commandLine().isEmpty()) {
      sb.append("<div class=\"cmdline\"><span class=\"muted\">command</span><pre>").append(esc(d.commandLine())).append("</pre></div>\n");
    }
    failures(sb, d);
    sb.append("<div class=\"two\">");
    faultMix(sb, d);
    sb.append("<section class=\"dists\"><h2>Timings <span class=\"sub\">per run, across the campaign</span></h2><div class=\"hists\">");
    histogram(sb, "Time to first leader", d.timeToFirstLeaderMillis(), "ms", false);
    histogram(sb, "Commit latency", d.commitLatencyMillis(), "ms", false);
    List<Double> elections = new ArrayList<>();
    for (int e : d.electionsPerRun()) {
      elections.add((double) e);
    }
    histogram(sb, "Elections per run", elections, "", true);
    sb.append("</div></section></div>\n");
    if (coverage != null) {
      coverage(sb, coverage);
    }
    sb.append("<footer>raftsim campaign summary · campaign digest ").append(esc(d.campaignDigest()))
        .append(" · self-contained page</footer>\n</div>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void tiles(StringBuilder sb, CampaignData d) {
    sb.append("<div class=\"tiles\">");
    tile(sb, "schedules", Html.count(d.schedules()), "");
    tile(sb, "failures", Html.count(d.failingSchedules()), d.failingSchedules() > 0 ? "red" : "green");
    tile(sb, "schedules / s", rate(d.schedulesPerSecond()), "");
    tile(sb, "events / s", rate(d.eventsPerSecond()), "");
    tile(sb, "wall time", Html.duration(d.wallMillis() * 1000), "");
    tile(sb, "campaign digest", d.campaignDigest().isEmpty() ? "—" : d.campaignDigest(), "mono small");
    sb.append("</div>\n");
  }

  private static void tile(StringBuilder sb, String k, String v, String cls) {
    sb.append("<div class=\"tile ").append(cls).append("\"><div class=\"tv\">").append(esc(v)).append("</div><div class=\"tk\">")
        .append(esc(k)).append("</div></div>");
  }

  static String rate(double v) {
    if (!Double.isFinite(v) || v < 0) {
      return "—";
    }
    if (v >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2f M", v / 1_000_000);
    }
    if (v >= 10_000) {
      return String.format(Locale.ROOT, "%.1f k", v / 1_000);
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static void failures(StringBuilder sb, CampaignData d) {
    sb.append("<section id=\"failures\"><h2>Failures <span class=\"sub\">each shrunk run links to its report; "
        + "the run first found is its origin</span></h2>\n");
    if (d.failures().isEmpty()) {
      sb.append("<p class=\"muted\">").append(d.failingSchedules() > 0 ? "Failures were counted but none is listed."
          : "None: every schedule kept every invariant.").append("</p></section>\n");
      return;
    }
    sb.append("<table class=\"grid\"><thead><tr><th class=\"num\">schedule</th><th class=\"num\">seed</th><th>invariant</th>")
        .append("<th>what broke</th><th class=\"num\">events</th><th>origin (as found)</th><th>report</th></tr></thead><tbody>\n");
    for (FailureLink f : d.failures()) {
      String href = f.reportPath() == null ? "" : f.reportPath().replace('\\', '/');
      sb.append("<tr id=\"failure-").append(f.index()).append("\"><td class=\"num mono\">#").append(f.index())
          .append("</td><td class=\"num mono\">").append(f.seed()).append("</td><td><span class=\"pill red\">")
          .append(esc(f.invariant())).append("</span></td><td>").append(esc(f.message())).append("</td><td class=\"num\">")
          .append(Html.count(f.events())).append("</td><td class=\"muted small\">");
      if (f.origin() == null) {
        sb.append("not shrunk");
      } else {
        sb.append("<span title=\"").append(esc(f.origin().message())).append("\">shrunk from ")
            .append(Html.count(f.origin().events())).append(" events, seed <span class=\"mono\">").append(f.origin().seed())
            .append("</span></span>");
      }
      sb.append("</td><td>");
      if (href.isEmpty()) {
        // fuzz --reports N renders only the first N; any other is one replay away.
        sb.append("<span class=\"muted\" title=\"raftsim replay failure-").append(f.index())
            .append(".json --report DIR renders it\">not rendered</span>");
      } else {
        sb.append("<a class=\"report\" href=\"").append(esc(href)).append("\">open report →</a>");
      }
      sb.append("</td></tr>\n");
    }
    sb.append("</tbody></table>\n");
    if (d.failingSchedules() > d.failures().size()) {
      sb.append("<p class=\"muted\">").append(Html.count(d.failingSchedules() - d.failures().size()))
          .append(" more failing schedules are not listed.</p>\n");
    }
    sb.append("</section>\n");
  }

  /** The coverage section: the growth curve of distinct abstract states as an inline SVG, and the points never hit. */
  private static void coverage(StringBuilder sb, CoverageData c) {
    sb.append("<section id=\"coverage\"><h2>Coverage <span class=\"sub\">").append(Html.count(c.pointsHit().size()))
        .append(" of ").append(Html.count(c.points())).append(" protocol points hit, ")
        .append(Html.count(c.abstractStates())).append(" distinct abstract states</span></h2>\n");
    List<long[]> g = c.growth();
    if (!g.isEmpty()) {
      double w = 560;
      double h = 180;
      double left = 56;
      double bottom = 26;
      double maxX = Math.max(1, g.get(g.size() - 1)[0]);
      double maxY = 1;
      for (long[] p : g) {
        maxY = Math.max(maxY, p[1]);
      }
      StringBuilder path = new StringBuilder("M").append(n(left)).append(',').append(n(h - bottom));
      for (long[] p : g) {
        double x = left + (w - left - 10) * p[0] / maxX;
        double y = (h - bottom) - (h - bottom - 10) * p[1] / maxY;
        path.append(" L").append(n(x)).append(',').append(n(y));
      }
      sb.append("<svg class=\"growth\" style=\"max-width:100%;height:auto\" width=\"").append(n(w)).append("\" height=\"")
          .append(n(h)).append("\" viewBox=\"0 0 ").append(n(w)).append(' ').append(n(h)).append("\" role=\"img\">")
          .append("<title>Distinct abstract states against schedules run</title>")
          .append("<line x1=\"").append(n(left)).append("\" y1=\"").append(n(h - bottom)).append("\" x2=\"").append(n(w - 10))
          .append("\" y2=\"").append(n(h - bottom)).append("\" stroke=\"#999\"/>")
          .append("<line x1=\"").append(n(left)).append("\" y1=\"10\" x2=\"").append(n(left)).append("\" y2=\"")
          .append(n(h - bottom)).append("\" stroke=\"#999\"/>")
          .append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\"/>")
          .append("<text x=\"").append(n(left - 6)).append("\" y=\"16\" text-anchor=\"end\" font-size=\"11\">")
          .append(esc(Html.count((long) maxY))).append("</text>")
          .append("<text x=\"").append(n(left - 6)).append("\" y=\"").append(n(h - bottom)).append("\" text-anchor=\"end\" font-size=\"11\">0</text>")
          .append("<text x=\"").append(n(w - 10)).append("\" y=\"").append(n(h - 8)).append("\" text-anchor=\"end\" font-size=\"11\">")
          .append(esc(Html.count((long) maxX))).append(" schedules</text>")
          .append("<text x=\"").append(n(left)).append("\" y=\"").append(n(h - 8)).append("\" font-size=\"11\">distinct abstract states against schedules run</text>")
          .append("</svg>\n");
    }
    if (!c.testSuiteBugs().isEmpty()) {
      sb.append("<p class=\"bad\"><b>Test-suite bugs:</b></p><ul>");
      for (String b : c.testSuiteBugs()) {
        sb.append("<li>").append(esc(b)).append("</li>");
      }
      sb.append("</ul>\n");
    }
    if (c.pointsNeverHit().isEmpty()) {
      sb.append("<p>Every coverage point was hit.</p>");
    } else {
      sb.append("<p>Points never hit (").append(c.pointsNeverHit().size()).append("):</p><ul class=\"never\">");
      for (String p : c.pointsNeverHit()) {
        sb.append("<li><code>").append(esc(p)).append("</code></li>");
      }
      sb.append("</ul>");
    }
    sb.append("<details><summary>Points hit</summary><table><tr><th>point</th><th>hits</th></tr>");
    for (Map.Entry<String, Long> e : c.pointsHit().entrySet()) {
      sb.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td>").append(esc(Html.count(e.getValue())))
          .append("</td></tr>");
    }
    sb.append("</table></details></section>\n");
  }

  private static void faultMix(StringBuilder sb, CampaignData d) {
    sb.append("<section class=\"mix\"><h2>Fault mix <span class=\"sub\">schedules with each fault family enabled</span></h2>");
    Map<String, Long> mix = d.faultMixCounts();
    if (mix.isEmpty()) {
      sb.append("<p class=\"muted\">No fault mix recorded.</p></section>");
      return;
    }
    long max = Math.max(1, d.schedules());
    for (long c : mix.values()) {
      max = Math.max(max, c);
    }
    double rowH = 24;
    double labelW = 112;
    double barW = 210;
    double h = mix.size() * rowH + 6;
    sb.append("<svg class=\"bars\" style=\"max-width:100%;height:auto\" width=\"").append(n(labelW + barW + 110)).append("\" height=\"").append(n(h))
        .append("\" viewBox=\"0 0 ").append(n(labelW + barW + 110)).append(' ').append(n(h)).append("\">");
    int i = 0;
    for (Map.Entry<String, Long> e : mix.entrySet()) {
      double y = 3 + i * rowH;
      double w = barW * e.getValue() / max;
      double pct = d.schedules() > 0 ? 100.0 * e.getValue() / d.schedules() : 0;
      sb.append("<g><title>").append(esc(e.getKey() + ": " + e.getValue() + " schedules")).append("</title>")
          .append("<text class=\"blabel\" x=\"").append(n(labelW - 8)).append("\" y=\"").append(n(y + 15)).append("\">")
          .append(esc(Html.shorten(e.getKey(), 20))).append("</text><rect class=\"track\" x=\"").append(n(labelW)).append("\" y=\"")
          .append(n(y + 3)).append("\" width=\"").append(n(barW)).append("\" height=\"").append(n(rowH - 8))
          .append("\" rx=\"3\"/><rect class=\"bar\" x=\"").append(n(labelW)).append("\" y=\"").append(n(y + 3)).append("\" width=\"")
          .append(n(Math.max(e.getValue() > 0 ? 2 : 0, w))).append("\" height=\"").append(n(rowH - 8)).append("\" rx=\"3\"/>")
          .append("<text class=\"bval\" x=\"").append(n(labelW + barW + 8)).append("\" y=\"").append(n(y + 15)).append("\">")
          .append(esc(Html.count(e.getValue()))).append(String.format(Locale.ROOT, " · %.0f%%", pct)).append("</text></g>");
      i++;
    }
    sb.append("</svg></section>");
  }

  /** A small histogram with its percentiles; integer data gets one bar per value when the range is small. */
  static void histogram(StringBuilder sb, String title, List<Double> values, String unit, boolean integers) {
    sb.append("<figure class=\"hist\"><figcaption>").append(esc(title)).append("</figcaption>");
    List<Double> v = new ArrayList<>();
    for (Double x : values) {
      if (x != null && Double.isFinite(x)) {
        v.add(x);
      }
    }
    if (v.isEmpty()) {
      sb.append("<p class=\"muted\">no samples</p></figure>");
      return;
    }
    v.sort(Double::compare);
    double min = v.get(0);
    double max = v.get(v.size() - 1);
    int bins;
    double lo;
    double binW;
    if (integers && max - min <= 40) {
      lo = Math.floor(min) - 0.5;
      bins = (int) (Math.floor(max) - Math.floor(min)) + 1;
      binW = 1;
    } else {
      bins = max > min ? 24 : 1;
      lo = min;
      binW = max > min ? (max - min) / bins : 1;
    }
    long[] counts = new long[bins];
    for (double x : v) {
      int b = (int) Math.floor((x - lo) / binW);
      counts[Math.max(0, Math.min(bins - 1, b))]++;
    }
    long top = 1;
    for (long c : counts) {
      top = Math.max(top, c);
    }
    double w = 250;
    double h = 120;
    double plotH = 88;
    double left = 6;
    double bw = (w - 2 * left) / bins;
    sb.append("<svg class=\"histsvg\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\" viewBox=\"0 0 ")
        .append(n(w)).append(' ').append(n(h)).append("\">");
    sb.append("<line class=\"axis\" x1=\"").append(n(left)).append("\" y1=\"").append(n(plotH + 2)).append("\" x2=\"")
        .append(n(w - left)).append("\" y2=\"").append(n(plotH + 2)).append("\"/>");
    for (int b = 0; b < bins; b++) {
      double bh = counts[b] == 0 ? 0 : Math.max(1.5, plotH * counts[b] / top);
      double x = left + b * bw;
      double from = lo + b * binW;
      String range = integers && binW == 1 ? fmt(from + 0.5) : fmt(from) + "–" + fmt(from + binW);
      sb.append("<rect class=\"hbar\" x=\"").append(n(x + 0.6)).append("\" y=\"").append(n(plotH + 2 - bh)).append("\" width=\"")
          .append(n(Math.max(1, bw - 1.2))).append("\" height=\"").append(n(bh)).append("\"><title>").append(esc(range + " " + unit
              + ": " + counts[b] + (counts[b] == 1 ? " run" : " runs"))).append("</title></rect>");
    }
    if (integers && binW == 1 && bins <= 16) {
      // Few whole values: name each bar.
      for (int b = 0; b < bins; b++) {
        sb.append("<text class=\"hc\" x=\"").append(n(left + b * bw + bw / 2)).append("\" y=\"").append(n(plotH + 16))
            .append("\">").append(esc(fmt(lo + b + 0.5))).append("</text>");
      }
    } else {
      String lowLabel = integers ? fmt(min) : fmt(min) + " " + unit;
      String highLabel = integers ? fmt(max) : fmt(max) + " " + unit;
      sb.append("<text class=\"hl\" x=\"").append(n(left)).append("\" y=\"").append(n(plotH + 16)).append("\">")
          .append(esc(lowLabel)).append("</text><text class=\"hr\" x=\"").append(n(w - left)).append("\" y=\"")
          .append(n(plotH + 16)).append("\">").append(esc(highLabel)).append("</text>");
    }
    sb.append("</svg>");
    sb.append("<div class=\"stats\">n ").append(Html.count(v.size())).append(" · p50 <b>").append(esc(fmt(pct(v, 50))))
        .append("</b> · p90 <b>").append(esc(fmt(pct(v, 90)))).append("</b> · p99 <b>").append(esc(fmt(pct(v, 99))))
        .append("</b> · max <b>").append(esc(fmt(max))).append("</b>").append(unit.isEmpty() ? "" : " " + esc(unit))
        .append("</div></figure>");
  }

  /** Nearest-rank percentile of sorted values. */
  static double pct(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static String fmt(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    if (Math.abs(x) >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    if (Math.abs(x) >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    return String.format(Locale.ROOT, "%.2f", x);
  }
}
