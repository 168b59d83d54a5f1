package dev.raftsim.reports;

import static dev.raftsim.reports.internal.Html.esc;
import static dev.raftsim.reports.internal.Html.n;

import dev.raftsim.reports.internal.Html;
import dev.raftsim.reports.internal.HistoryView;
import dev.raftsim.reports.internal.MessageKind;
import dev.raftsim.reports.internal.NodeTables;
import dev.raftsim.reports.internal.Palette;
import dev.raftsim.reports.internal.SpaceTime;
import dev.raftsim.reports.internal.TraceIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A failure report people look at: one self-contained HTML file (inline CSS, JS and SVG; nothing is loaded from
 * anywhere) with the violation up front, a space-time diagram of the trace leading to it, every node's state and
 * log, and the client history.
 *
 * <p>The diagram shows one window of {@value SpaceTime#WINDOW_EVENTS} kernel events at a time and opens on the
 * window that ends at the violation; up to {@value SpaceTime#MAX_WINDOWS} windows are embedded and reachable with
 * the "earlier"/"later" buttons or the window menu. In the window on screen, {@code svg#st-body} holds exactly one
 * {@code line.msg} per DELIVER record whose event index lies in
 * [{@code data-window-first-event}, {@code data-window-last-event}] (attributes of that svg, next to
 * {@code data-window-delivered} and {@code data-total-delivered}); the violation is the element {@code #violation}.
 * The output is a pure function of the report: the same report gives the same bytes.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static void write(RunReport r, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(file, render(r));
  }

  /** The page as a string. */
  public static String render(RunReport r) {
    TraceIndex ix = new TraceIndex(r.trace());
    SpaceTime st = new SpaceTime(r, ix);
    List<SpaceTime.Rendered> drawn = st.renderAll();
    StringBuilder sb = new StringBuilder(64 * 1024 + drawn.stream().mapToInt(d -> d.markup().length()).sum() * 2);
    ViolationInfo v = r.violation();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc(v == null ? "raftsim run: " + r.title() : "✗ " + v.invariant() + " — " + r.title())).append("</title>\n<style>\n")
        .append(Html.resource("report.css")).append("</style>\n</head>\n<body>\n");
    banner(sb, r, ix);
    runLine(sb, r);
    sb.append("<div class=\"wrap\">\n");
    diagram(sb, r, ix, st, drawn);
    sb.append("<section id=\"nodes\"><h2>Nodes ").append(v == null ? "at the end of the run" : "at the violation")
        .append(" <span class=\"sub\">volatile and persistent state of every server</span></h2>\n");
    NodeTables.stateTable(sb, r);
    sb.append("</section>\n<section id=\"logs\"><h2>Logs <span class=\"sub\">one row per node, one cell per entry, coloured by term"
        + " (same term, same colour); hover a cell for its command</span></h2>\n");
    NodeTables.logGrid(sb, r);
    sb.append("</section>\n<section id=\"history\"><h2>Client history <span class=\"sub\">bars run from invocation to completion;"
        + " open bars never completed; red bars are the offending operations</span></h2>\n");
    HistoryView.timeline(sb, r);
    HistoryView.table(sb, r);
    sb.append("</section>\n<footer>raftsim report · seed ").append(r.seed()).append(" · digest ").append(esc(r.digest()))
        .append(" · this page is self-contained: it loads nothing from the network.</footer>\n</div>\n");
    windowsJson(sb, st, drawn);
    sb.append("<script>\n").append(Html.resource("report.js")).append("</script>\n</body>\n</html>\n");
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------------ header

  private static void banner(StringBuilder sb, RunReport r, TraceIndex ix) {
    ViolationInfo v = r.violation();
    sb.append("<header class=\"banner ").append(v == null ? "good" : "bad").append("\"><div class=\"wrap\"><div>")
        .append("<div class=\"kicker\">raftsim · ").append(v == null ? "run report" : "failure report").append("</div>");
    if (v == null) {
      sb.append("<h1>✓ No invariant was violated</h1><p class=\"sentence\">").append(esc(r.title())).append("</p>");
    } else {
      sb.append("<h1>✗ ").append(esc(v.invariant())).append(" violated</h1><p class=\"sentence\">").append(esc(v.message()))
          .append("</p><div class=\"where\">detected after event #").append(v.eventIndex()).append(" at ")
          .append(esc(Html.time(v.timeMicros())));
      if (!v.nodes().isEmpty()) {
        sb.append(" · nodes ");
        for (int i = 0; i < v.nodes().size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(esc(r.nameOf(v.nodes().get(i))));
        }
      }
      sb.append("</div>");
    }
    sb.append("</div><div class=\"facts\">");
    fact(sb, "seed", Long.toString(r.seed()));
    fact(sb, "events", Html.count(r.events()));
    fact(sb, "simulated", Html.duration(r.simulatedMicros()));
    fact(sb, "digest", r.digest());
    fact(sb, "messages", Html.count(ix.delivered()) + " delivered");
    fact(sb, "lost", Html.count(ix.dropped() + ix.lost()) + " · dup " + Html.count(ix.duplicated()));
    sb.append("</div></div></header>\n");
  }

  private static void fact(StringBuilder sb, String k, String v) {
    sb.append("<div><span class=\"k\">").append(esc(k)).append("</span><span class=\"v\">").append(esc(v)).append("</span></div>");
  }

  private static void runLine(StringBuilder sb, RunReport r) {
    sb.append("<div class=\"runline\"><div class=\"wrap\"><span class=\"title\">").append(esc(r.title()))
        .append("</span><span class=\"config\" title=\"").append(esc(r.configuration())).append("\">")
        .append(esc(r.configuration())).append("</span>");
    if (!r.replayCommand().isEmpty()) {
      sb.append("<span class=\"replay\"><span class=\"muted\">replay</span><pre id=\"replay\">").append(esc(r.replayCommand()))
          .append("</pre><button id=\"copy-replay\" type=\"button\">copy</button></span>");
    }
    sb.append("</div></div>\n");
  }

  // ------------------------------------------------------------------------------------------------ diagram

  private static void diagram(StringBuilder sb, RunReport r, TraceIndex ix, SpaceTime st, List<SpaceTime.Rendered> drawn) {
    sb.append("<section id=\"diagram\"><div class=\"dhead\"><h2>Space-time diagram <span class=\"sub\">time flows down ·"
        + " one lane per process · one arrow per delivered message</span></h2>");
    if (drawn.isEmpty()) {
      sb.append("</div><p class=\"muted\">The trace is empty: nothing to draw.</p></section>\n");
      return;
    }
    SpaceTime.Rendered init = drawn.get(st.initial());
    SpaceTime.Window w = init.window();
    sb.append("<div class=\"controls\"><button id=\"st-prev\" type=\"button\">◀ earlier</button>")
        .append("<button id=\"st-next\" type=\"button\">later ▶</button>")
        .append("<button id=\"st-home\" type=\"button\" class=\"primary\">")
        .append(r.violation() == null ? "end of run" : "⚠ violation").append("</button><select id=\"st-select\" aria-label=\"window\">");
    for (SpaceTime.Rendered d : drawn) {
      SpaceTime.Window x = d.window();
      sb.append("<option value=\"").append(x.index()).append("\"").append(x.index() == st.initial() ? " selected" : "")
          .append(">events #").append(x.firstEvent()).append("–#").append(x.lastEvent()).append(" (")
          .append(esc(Html.time(x.firstMicros()))).append(" – ").append(esc(Html.time(x.lastMicros()))).append(")")
          .append(x.anchor() ? (r.violation() == null ? " · end" : " · violation") : "").append("</option>");
    }
    sb.append("</select><span class=\"caption\" id=\"st-caption\">events #").append(w.firstEvent()).append("–#")
        .append(w.lastEvent()).append(" · ").append(esc(timeRange(w))).append(" · ").append(w.delivered())
        .append(" delivered messages drawn").append(w.anchor() ? " · ends at the violation" : "").append("</span></div></div>\n");
    sb.append("<div class=\"dbody\"><div class=\"st-scroll\" id=\"st-scroll\">");
    laneHeader(sb, r, st);
    sb.append("<svg id=\"st-body\" class=\"spacetime\" width=\"").append(n(st.width())).append("\" height=\"")
        .append(n(init.height())).append("\" viewBox=\"0 0 ").append(n(st.width())).append(' ').append(n(init.height()))
        .append("\" data-total-delivered=\"").append(ix.delivered()).append("\" data-window-delivered=\"").append(w.delivered())
        .append("\" data-window-first-event=\"").append(w.firstEvent()).append("\" data-window-last-event=\"").append(w.lastEvent())
        .append("\" data-window-index=\"").append(w.index()).append("\" data-windows=\"").append(drawn.size()).append("\">");
    defs(sb);
    sb.append("<g id=\"st-win\">").append(init.markup()).append("</g></svg></div>\n");
    sb.append("<aside class=\"dside\"><h3>Details</h3><div id=\"inspector\" class=\"idle\">Hover an arrow, a mark or a row to"
        + " read it here.\n\nClick a message to follow it: its send and every delivery stay lit. Click empty space to clear."
        + "\n\nKeys [ and ] step to the previous and next window.</div><h3>Legend</h3>");
    legend(sb);
    sb.append("</aside></div>\n");
    sb.append("<p class=\"diagram-foot\">Rows are kernel events, spaced by event rather than by clock (idle gaps add a little"
        + " space and are labelled in the time column). Windows hold ").append(SpaceTime.WINDOW_EVENTS)
        .append(" events; ").append(drawn.size()).append(drawn.size() == 1 ? " window is" : " windows are").append(" embedded");
    if (st.undrawnRows() > 0) {
      sb.append("; the first ").append(Html.count(st.undrawnRows()))
          .append(" events of the run are not drawn (the JSON report and the ShiViz log hold the trace)");
    }
    sb.append(". Fault texts use the lane names; the raw fault is in its tooltip.</p>\n</section>\n");
  }

  static String timeRange(SpaceTime.Window w) {
    return Html.time(w.firstMicros()) + " – " + Html.time(w.lastMicros());
  }

  private static void laneHeader(StringBuilder sb, RunReport r, SpaceTime st) {
    // Five short lines per lane (name, role, term, log, commit) rather than three long ones: with 5 servers and 3
    // clients in a 1,400 px window lanes are about 85 px apart, and "log 483 · commit 479" would run into the next.
    double h = 76;
    sb.append("<div class=\"st-head\" id=\"st-head\"><svg width=\"").append(n(st.width())).append("\" height=\"").append(n(h))
        .append("\" viewBox=\"0 0 ").append(n(st.width())).append(' ').append(n(h)).append("\">")
        .append("<text class=\"colhead\" x=\"12\" y=\"30\">time</text>")
        .append("<text class=\"colhead\" x=\"").append(n(st.width() - 185)).append("\" y=\"30\">faults · network</text>");
    for (int p = 0; p < st.processes(); p++) {
      double x = st.laneX(p);
      boolean server = r.isServer(p);
      sb.append("<text class=\"lname\" x=\"").append(n(x)).append("\" y=\"18\">").append(esc(r.nameOf(p))).append("</text>");
      NodeState s = stateOf(r, p);
      if (server && s != null) {
        String role = s.up() ? (s.role() == null ? "" : s.role()) : "DOWN";
        String color = s.up() ? Palette.role(s.role()) : "#c92a2a";
        sb.append("<text class=\"lstate\" x=\"").append(n(x)).append("\" y=\"33\" fill=\"").append(color).append("\">")
            .append(esc(role.toLowerCase(java.util.Locale.ROOT))).append("</text>")
            .append("<text class=\"lsub\" x=\"").append(n(x)).append("\" y=\"45\">").append("term ").append(s.term())
            .append("</text>")
            .append("<text class=\"lsub\" x=\"").append(n(x)).append("\" y=\"57\">").append("log ").append(s.log().size())
            .append("</text>")
            .append("<text class=\"lsub\" x=\"").append(n(x)).append("\" y=\"69\">").append("commit ").append(s.commitIndex())
            .append("</text>");
      } else {
        sb.append("<text class=\"lsub\" x=\"").append(n(x)).append("\" y=\"33\">").append(server ? "server" : "client")
            .append("</text>");
      }
    }
    sb.append("</svg></div>");
  }

  private static NodeState stateOf(RunReport r, int p) {
    String name = r.nameOf(p);
    for (NodeState s : r.nodeStates()) {
      if (name.equals(s.name())) {
        return s;
      }
    }
    return p < r.nodeStates().size() ? r.nodeStates().get(p) : null;
  }

  private static final String[][] KIND_COLOURS = {
    {"vote", "#e8590c"}, {"append", "#1c7ed6"}, {"reply", "#0c8599"}, {"client", "#9c36b5"}, {"other", "#868e96"}
  };

  private static void defs(StringBuilder sb) {
    sb.append("<defs>");
    for (String[] kc : KIND_COLOURS) {
      sb.append("<marker id=\"ah-").append(kc[0]).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\"")
          .append(" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 1 L10 5 L0 9 Z\" fill=\"")
          .append(kc[1]).append("\"/></marker>");
    }
    sb.append("<pattern id=\"hatch-down\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
        .append("<rect width=\"7\" height=\"7\" fill=\"#fff5f5\"/><rect width=\"2.6\" height=\"7\" fill=\"#ffc9c9\"/></pattern>")
        .append("<pattern id=\"hatch-pause\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">")
        .append("<rect width=\"7\" height=\"7\" fill=\"#f4faff\"/><rect width=\"2.6\" height=\"7\" fill=\"#a5d8ff\"/></pattern>")
        .append("</defs>");
  }

  private static void legend(StringBuilder sb) {
    sb.append("<div class=\"legend\">");
    for (String[] kc : KIND_COLOURS) {
      MessageKind k = MessageKind.valueOf(kc[0].toUpperCase(java.util.Locale.ROOT));
      sb.append("<span><svg width=\"26\" height=\"8\"><line x1=\"1\" y1=\"4\" x2=\"21\" y2=\"4\" stroke=\"").append(kc[1])
          .append("\" stroke-width=\"2\"/><path d=\"M19 0.5 L26 4 L19 7.5 Z\" fill=\"").append(kc[1]).append("\"/></svg>")
          .append(esc(k.label)).append("</span>");
    }
    sb.append("<span><svg width=\"26\" height=\"8\"><line x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\" stroke=\"#1c7ed6\" stroke-width=\"1\" opacity=\".5\"/></svg>heartbeat</span>")
        .append("<span><svg width=\"26\" height=\"8\"><line x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\" stroke=\"#0c8599\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\"/></svg>refusal</span>")
        .append("<span><svg width=\"26\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"16\" y2=\"5\" stroke=\"#e03131\" stroke-dasharray=\"4 2\"/><path d=\"M16 1 L24 9 M16 9 L24 1\" stroke=\"#e03131\" stroke-width=\"2\"/></svg>dropped / lost</span>")
        .append("<span><svg width=\"26\" height=\"8\"><line x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\" stroke=\"#495057\" stroke-width=\"1.6\" stroke-dasharray=\"7 2 2 2\"/></svg>duplicate ×2</span>")
        .append("<span><svg width=\"26\" height=\"8\"><line x1=\"1\" y1=\"4\" x2=\"25\" y2=\"4\" stroke=\"#1c7ed6\" stroke-width=\"1.2\" stroke-dasharray=\"1.5 3.5\"/></svg>in flight</span>")
        .append("<span><svg width=\"12\" height=\"12\"><circle cx=\"6\" cy=\"6\" r=\"3.6\" fill=\"#fff\" stroke=\"#868e96\" stroke-width=\"1.2\"/></svg>timer</span>")
        .append("<span><svg width=\"30\" height=\"12\"><rect x=\"1\" y=\"3\" width=\"8\" height=\"6\" fill=\"#2b8a3e\"/><rect x=\"11\" y=\"3\" width=\"8\" height=\"6\" fill=\"#f08c00\"/><rect x=\"21\" y=\"4\" width=\"8\" height=\"4\" fill=\"#adb5bd\"/></svg>leader · candidate · follower</span>")
        .append("<span><svg width=\"14\" height=\"14\"><rect width=\"14\" height=\"14\" fill=\"url(#hatch-down)\" stroke=\"#ffa8a8\"/></svg>down</span>")
        .append("<span><svg width=\"14\" height=\"14\"><rect width=\"14\" height=\"14\" fill=\"url(#hatch-pause)\" stroke=\"#a5d8ff\"/></svg>paused</span>")
        .append("<span><svg width=\"28\" height=\"14\"><rect width=\"13\" height=\"14\" fill=\"#e7f5ff\"/><rect x=\"15\" width=\"13\" height=\"14\" fill=\"#fff4e6\"/></svg>partition sides</span>")
        .append("<span><svg width=\"20\" height=\"14\"><rect x=\"6\" y=\"0\" width=\"8\" height=\"14\" rx=\"2\" fill=\"#e5dbff\" stroke=\"#9c36b5\"/></svg>client op</span>")
        .append("<span><svg width=\"24\" height=\"10\"><rect x=\"1\" y=\"0.5\" width=\"9\" height=\"9\" rx=\"1.5\" fill=\"#1971c2\"/><rect x=\"14\" y=\"0.5\" width=\"9\" height=\"9\" rx=\"1.5\" fill=\"#2f9e44\"/></svg>read served: ReadIndex · lease</span>")
        .append("<span><svg width=\"26\" height=\"14\"><line x1=\"1\" y1=\"7\" x2=\"25\" y2=\"7\" stroke=\"#e03131\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/><circle cx=\"13\" cy=\"7\" r=\"5\" fill=\"none\" stroke=\"#e03131\" stroke-width=\"2\"/></svg>violation</span>")
        .append("<span><svg width=\"12\" height=\"12\"><rect x=\"2\" y=\"2\" width=\"8\" height=\"8\" fill=\"#2f9e44\"/></svg>leader's commit index advanced</span>")
        .append("<span><svg width=\"12\" height=\"12\"><rect x=\"2\" y=\"2\" width=\"8\" height=\"8\" fill=\"#7950f2\"/></svg>snapshot taken</span>")
        .append("<span><svg width=\"12\" height=\"12\"><rect x=\"2\" y=\"2\" width=\"8\" height=\"8\" fill=\"#e64980\"/></svg>snapshot installed</span>")
        .append("</div>\n");
  }

  private static void windowsJson(StringBuilder sb, SpaceTime st, List<SpaceTime.Rendered> drawn) {
    if (drawn.isEmpty()) {
      return;
    }
    // Markup of the other windows travels as JSON strings with '<' escaped, so the page source holds exactly one
    // drawn window; the script swaps windows in on demand.
    sb.append("<script type=\"application/json\" id=\"st-windows\">{\"width\":").append(n(st.width())).append(",\"initial\":")
        .append(st.initial()).append(",\"windows\":[");
    for (int i = 0; i < drawn.size(); i++) {
      SpaceTime.Rendered d = drawn.get(i);
      SpaceTime.Window w = d.window();
      sb.append(i == 0 ? "" : ",").append("\n{\"first\":").append(w.firstEvent()).append(",\"last\":").append(w.lastEvent())
          .append(",\"delivered\":").append(w.delivered()).append(",\"anchor\":").append(w.anchor()).append(",\"height\":")
          .append(n(d.height())).append(",\"violationY\":").append(n(d.violationY())).append(",\"timeRange\":");
      Html.jsonString(sb, timeRange(w));
      sb.append(",\"svg\":");
      if (i == st.initial()) {
        sb.append("null");
      } else {
        Html.jsonString(sb, d.markup());
      }
      sb.append('}');
    }
    sb.append("]}</script>\n");
  }
}
