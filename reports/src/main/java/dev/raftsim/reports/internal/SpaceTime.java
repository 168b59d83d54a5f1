package dev.raftsim.reports.internal;

import static dev.raftsim.reports.internal.Html.esc;
import static dev.raftsim.reports.internal.Html.n;

import dev.raftsim.reports.ClientOp;
import dev.raftsim.reports.RunReport;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The space-time diagram: one vertical lane per process (servers, then clients), time flowing down, one row per
 * kernel event. Rows are spaced by event, not by clock, so bursts stay readable; idle gaps add a little space
 * (logarithmic in the gap) and are labelled in the time gutter.
 *
 * <p>The trace is cut into windows of {@link #WINDOW_EVENTS} consecutive rows counted back from the violation
 * (the anchor): window {@code initial()} ends exactly at the violation's event. Each window is rendered to SVG
 * markup here; the page shows one at a time. In every window the arrows ({@code class="msg ..."}) are exactly
 * the DELIVER records whose event index lies in [firstEvent, lastEvent] of that window.
 */
public final class SpaceTime {
  public static final int WINDOW_EVENTS = 400;
  public static final int MAX_WINDOWS = 12;
  static final int MAX_WINDOWS_AFTER = 2;

  static final double GUTTER_L = 96;
  static final double LANE_PAD = 60;
  static final double GUTTER_R = 200;
  /** The widest diagram that shows whole beside the details column in a 1,400 px wide window. */
  static final double FIT_WIDTH = 1_030;
  /** Lane headers (four short lines) need about this much room each. */
  static final double MIN_SPACING = 76;
  static final double CLIENT_GAP = 30;
  static final double TOP = 14;
  static final double BOTTOM = 44;
  /** Below the violation: room for the messages still in flight when the run stopped. */
  static final double BOTTOM_ANCHOR = 170;

  private static final Pattern ROLE = Pattern.compile("^role=(\\w+) term=(\\d+)$");
  /** A server's configuration in effect, noted by the host when it changes (with membership reported). */
  private static final Pattern CONFIG =
      Pattern.compile("^config (\\d+) voters=(\\S+) learners=(\\S+)(?: old=(\\S+))?$");
  /** A leader answered a GET without the log: "read=index|lease c2#5 applied=17" (the host's note). */
  private static final Pattern READ = Pattern.compile("^read=(index|lease) (c\\d+#\\d+) applied=(\\d+)$");

  /** One window of rows [firstRow, lastRow]. */
  public record Window(int index, int firstRow, int lastRow, long firstEvent, long lastEvent, long firstMicros,
      long lastMicros, int delivered, boolean anchor) {}

  /** A window drawn: the markup of its {@code <g>} content, its height and the y of the violation (or -1). */
  public record Rendered(Window window, String markup, double height, double violationY) {}

  private final RunReport r;
  private final TraceIndex ix;
  private final int processes;
  private final int servers;
  private final double spacing;
  private final double lanePad;
  private final double width;
  private final List<Window> windows = new ArrayList<>();
  private final int initial;
  private final int undrawnRows;
  private final Map<String, ClientOp> opsByInvoke = new HashMap<>();

  public SpaceTime(RunReport r, TraceIndex ix) {
    this.r = r;
    this.ix = ix;
    this.processes = r.processNames().size();
    this.servers = r.serverCount();
    // Lanes as far apart as fits FIT_WIDTH (a 1,400 px window beside the details column), between MIN_SPACING and
    // 160 px: past that the diagram scrolls sideways rather than squeeze the lane headers into each other.
    this.spacing = Math.max(MIN_SPACING, Math.min(160, Math.floor((FIT_WIDTH - GUTTER_L - 2 * LANE_PAD - CLIENT_GAP
        - GUTTER_R) / Math.max(1, processes - 1))));
    this.lanePad = Math.max(LANE_PAD, spacing / 2);
    this.width = laneXRaw(Math.max(0, processes - 1)) + lanePad + GUTTER_R;
    for (ClientOp op : r.history()) {
      opsByInvoke.putIfAbsent(op.clientProcess() + "@" + op.invokeMicros(), op);
    }
    int anchor = ix.anchorRow(r);
    if (anchor < 0) {
      initial = -1;
      undrawnRows = 0;
      return;
    }
    // Windows back from the anchor, then a few after it; at most MAX_WINDOWS in all.
    List<int[]> ranges = new ArrayList<>();
    int after = 0;
    for (int start = anchor + 1; start < ix.rows() && after < MAX_WINDOWS_AFTER; start += WINDOW_EVENTS, after++) {
      ranges.add(new int[] {start, Math.min(ix.rows() - 1, start + WINDOW_EVENTS - 1)});
    }
    int back = 0;
    int end = anchor;
    while (end >= 0 && back + after < MAX_WINDOWS) {
      ranges.add(new int[] {Math.max(0, end - WINDOW_EVENTS + 1), end});
      end -= WINDOW_EVENTS;
      back++;
    }
    undrawnRows = Math.max(0, end + 1);
    ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
    int init = -1;
    for (int[] range : ranges) {
      int delivered = 0;
      for (int i = ix.rowStart(range[0]); i < ix.rowEnd(range[1]); i++) {
        if (ix.trace().get(i).kind() == TraceKind.DELIVER) {
          delivered++;
        }
      }
      boolean isAnchor = range[1] == anchor;
      if (isAnchor) {
        init = windows.size();
      }
      windows.add(new Window(windows.size(), range[0], range[1], ix.rowEvent(range[0]), ix.rowEvent(range[1]),
          ix.rowTime(range[0]), ix.rowTime(range[1]), delivered, isAnchor));
    }
    initial = init;
  }

  public List<Window> windows() {
    return windows;
  }

  /** Index of the window that ends at the violation (or at the end of the run); -1 for an empty trace. */
  public int initial() {
    return initial;
  }

  /** Rows before the first drawn window (long runs): listed in the page, not drawn. */
  public int undrawnRows() {
    return undrawnRows;
  }

  public double width() {
    return width;
  }

  public int processes() {
    return processes;
  }

  public double laneX(int p) {
    return laneXRaw(p);
  }

  private double laneXRaw(int p) {
    return GUTTER_L + lanePad + p * spacing + (p >= servers && servers > 0 ? CLIENT_GAP : 0);
  }

  public double spacing() {
    return spacing;
  }

  /** Renders every window in order (one pass over the trace for the state carried into each). */
  public List<Rendered> renderAll() {
    List<Rendered> out = new ArrayList<>();
    State state = new State(processes);
    int applied = 0;
    for (Window w : windows) {
      for (int row = applied; row < w.firstRow(); row++) {
        for (int i = ix.rowStart(row); i < ix.rowEnd(row); i++) {
          state.apply(ix.trace().get(i), null, 0, row);
        }
      }
      applied = w.firstRow();
      out.add(new Painter(w, state.copy()).paint());
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ state

  /** What the lanes look like at a point of the trace: carried from window to window. */
  private final class State {
    final String[] role;
    final long[] term;
    final boolean[] down;
    final boolean[] paused;
    boolean net;
    int[] groupOf; // per server: side of the partition, -1 isolated; null when the cut is not a clean split
    String netLabel = "";
    final ArrayDeque<OpenOp>[] open;
    /**
     * Each server's place in the cluster's configuration (voter, learner, removed; null before any configuration
     * note): the latest configuration noted, or the one a leader notes (a new leader may have rolled back an
     * uncommitted one).
     */
    final String[] member;
    long configIndex = -1;

    @SuppressWarnings("unchecked")
    State(int processes) {
      member = new String[processes];
      role = new String[processes];
      term = new long[processes];
      down = new boolean[processes];
      paused = new boolean[processes];
      open = new ArrayDeque[processes];
      for (int p = 0; p < processes; p++) {
        open[p] = new ArrayDeque<>();
      }
    }

    State copy() {
      State s = new State(role.length);
      System.arraycopy(role, 0, s.role, 0, role.length);
      System.arraycopy(member, 0, s.member, 0, member.length);
      s.configIndex = configIndex;
      System.arraycopy(term, 0, s.term, 0, term.length);
      System.arraycopy(down, 0, s.down, 0, down.length);
      System.arraycopy(paused, 0, s.paused, 0, paused.length);
      s.net = net;
      s.groupOf = groupOf == null ? null : groupOf.clone();
      s.netLabel = netLabel;
      for (int p = 0; p < open.length; p++) {
        // Ops still open from earlier windows start at the top of the next one.
        for (OpenOp o : open[p]) {
          s.open[p].add(new OpenOp(-1, o.text, o.op));
        }
      }
      return s;
    }

    /** Advances the state by one record; {@code painter} (may be null) is told about every change first. */
    void apply(TraceEvent e, Painter painter, double y, int row) {
      int p = e.node();
      boolean lane = p >= 0 && p < processes;
      switch (e.kind()) {
        case NOTE -> {
          if (!lane || e.detail() == null) {
            return;
          }
          Matcher m = ROLE.matcher(e.detail());
          if (m.matches() && p < servers) {
            String newRole = m.group(1);
            long newTerm = Long.parseLong(m.group(2));
            if (!newRole.equals(role[p]) || newTerm != term[p]) {
              if (painter != null) {
                painter.roleChange(p, y, newRole, newTerm);
              }
              role[p] = newRole;
              term[p] = newTerm;
            }
          } else if (p >= servers && e.detail().startsWith("invoke ")) {
            ClientOp op = opsByInvoke.get(p + "@" + e.timeMicros());
            open[p].add(new OpenOp(y, e.detail().substring("invoke ".length()), op));
            if (painter != null) {
              painter.invoke(p, y, e.detail().substring("invoke ".length()), op);
            }
          } else if (p >= servers && e.detail().startsWith("complete ")) {
            OpenOp o = matchCompletion(open[p], e.timeMicros());
            if (painter != null) {
              painter.complete(p, y, o, e.detail().substring("complete ".length()));
            }
          } else if (painter != null && p < servers && READ.matcher(e.detail()).matches()) {
            Matcher r = READ.matcher(e.detail());
            r.matches();
            painter.read(p, y, r.group(1), r.group(2), r.group(3));
          } else if (p < servers && CONFIG.matcher(e.detail()).matches()) {
            Matcher c = CONFIG.matcher(e.detail());
            c.matches();
            long index = Long.parseLong(c.group(1));
            if (index > configIndex || "LEADER".equals(role[p]) && index != configIndex) {
              if (painter != null && index > configIndex && configIndex >= 0) {
                painter.mark(p, y, "configmark", "cfg " + index, r.nameOf(p) + " has configuration " + index
                    + ": voters " + c.group(2) + ", learners " + c.group(3)
                    + (c.group(4) == null ? "" : " (joint with old voters " + c.group(4) + ")"));
              }
              configIndex = index;
              for (int k = 0; k < servers; k++) {
                String name = r.nameOf(k);
                String now = in(c.group(2), name) || c.group(4) != null && in(c.group(4), name) ? "voter"
                    : in(c.group(3), name) ? "learner" : "removed";
                if (!now.equals(member[k])) {
                  if (painter != null) {
                    painter.memberChange(k, y, now, index);
                  }
                  member[k] = now;
                }
              }
            }
          } else if (painter != null && p < servers && e.detail().startsWith("commit=")) {
            painter.mark(p, y, "commitmark", "c" + e.detail().substring("commit=".length()),
                r.nameOf(p) + " (leader) advanced its commit index to " + e.detail().substring("commit=".length()));
          } else if (painter != null && p < servers && e.detail().startsWith("snapshot taken ")) {
            painter.mark(p, y, "snapmark", "snap " + e.detail().substring("snapshot taken ".length()),
                r.nameOf(p) + " took a snapshot through " + e.detail().substring("snapshot taken ".length())
                    + " (index/term) and discarded its log up to it");
          } else if (painter != null && p < servers && e.detail().startsWith("installed snapshot ")) {
            painter.mark(p, y, "installmark", "install " + e.detail().substring("installed snapshot ".length()),
                r.nameOf(p) + " installed the leader's snapshot through "
                    + e.detail().substring("installed snapshot ".length()) + " (index/term)");
          } else if (painter != null) {
            painter.note(p, y, e.detail());
          }
        }
        case CRASH -> {
          if (lane && !down[p]) {
            if (painter != null) {
              painter.crash(p, y, e.detail());
            }
            down[p] = true;
            paused[p] = false;
          }
        }
        case RESTART -> {
          if (lane && down[p]) {
            if (painter != null) {
              painter.restart(p, y);
            }
            down[p] = false;
            if (p < servers) {
              // Raft restarts as a follower; a role note from the node, if any, follows at once.
              role[p] = "FOLLOWER";
            }
          }
        }
        case PAUSE -> {
          if (lane && !paused[p]) {
            paused[p] = true;
            if (painter != null) {
              painter.pause(p, y);
            }
          }
        }
        case RESUME -> {
          if (lane && paused[p]) {
            if (painter != null) {
              painter.resume(p, y);
            }
            paused[p] = false;
          }
        }
        case FAULT -> {
          String d = e.detail();
          if (FaultText.startsNetworkFault(d) || FaultText.healsNetwork(d)) {
            boolean wasNet = net;
            int[] oldGroups = groupOf;
            String oldLabel = netLabel;
            netChange(d);
            if (painter != null) {
              painter.netChange(y, wasNet, oldGroups, oldLabel);
            }
          }
          if (painter != null && p < 0) {
            painter.globalFault(y, d);
          }
        }
        default -> { }
      }
    }

    private boolean in(String names, String name) {
      for (String n : names.split(",")) {
        if (n.equals(name)) {
          return true;
        }
      }
      return false;
    }

    private void netChange(String d) {
      String text = FaultText.friendly(d, r);
      if (FaultText.healsNetwork(d)) {
        net = false;
        groupOf = null;
        netLabel = "";
        return;
      }
      if (d.startsWith("partition ")) {
        List<List<Integer>> gs = FaultText.groups(d.substring("partition ".length()));
        groupOf = new int[servers];
        Arrays.fill(groupOf, -1);
        if (gs != null) {
          for (int g = 0; g < gs.size(); g++) {
            for (int node : gs.get(g)) {
              if (node >= 0 && node < servers) {
                groupOf[node] = g;
              }
            }
          }
        } else {
          groupOf = null;
        }
        netLabel = text;
      } else if (d.startsWith("isolate ")) {
        int node = firstInt(d);
        if (!net || groupOf != null) {
          if (groupOf == null) {
            groupOf = new int[servers];
          }
          if (node >= 0 && node < servers) {
            groupOf[node] = -1;
          }
        }
        netLabel = net ? netLabel + "; " + text : text;
      } else if (d.startsWith("bridge ")) {
        groupOf = null;
        netLabel = text;
      } else {
        // A one-way cut does not split the cluster into sides: shown as a plain band.
        groupOf = null;
        netLabel = net ? netLabel + "; " + text : text;
      }
      net = true;
    }
  }

  /**
   * The open operation a completion belongs to: the one the history says completed at this time, else the most
   * recent (a client that gave up on an operation moves on to the next).
   */
  private static OpenOp matchCompletion(ArrayDeque<OpenOp> open, long micros) {
    for (OpenOp o : open) {
      if (o.op() != null && o.op().completeMicros() == micros) {
        open.remove(o);
        return o;
      }
    }
    return open.pollLast();
  }

  private static int firstInt(String s) {
    Matcher m = Pattern.compile("\\d+").matcher(s);
    return m.find() ? Integer.parseInt(m.group()) : -1;
  }

  /** A client operation invoked and not yet completed; y = -1 when it was invoked before the window. */
  private record OpenOp(double y, String text, ClientOp op) {}

  // ------------------------------------------------------------------------------------------------ painting

  private final class Painter {
    final Window w;
    final State s;
    final double[] rowY;
    final double height;
    // Layers, back to front.
    final StringBuilder bg = new StringBuilder();
    final StringBuilder lanes = new StringBuilder();
    final StringBuilder msgs = new StringBuilder();
    final StringBuilder marks = new StringBuilder();
    final StringBuilder top = new StringBuilder();
    final double[] segY;
    final double[] downY;
    final double[] pauseY;
    final double[] memberY;
    double netY;
    double violationY = -1;

    Painter(Window w, State s) {
      this.w = w;
      this.s = s;
      int count = w.lastRow() - w.firstRow() + 1;
      rowY = new double[count];
      double y = TOP + 10;
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          y += step(ix.rowTime(w.firstRow() + i) - ix.rowTime(w.firstRow() + i - 1));
        }
        rowY[i] = y;
      }
      height = y + (w.anchor() && r.violation() != null ? BOTTOM_ANCHOR : BOTTOM);
      segY = new double[processes];
      downY = new double[processes];
      pauseY = new double[processes];
      memberY = new double[processes];
      Arrays.fill(segY, 0);
      Arrays.fill(downY, 0);
      Arrays.fill(pauseY, 0);
      netY = 0;
    }

    double y(int row) {
      return rowY[row - w.firstRow()];
    }

    Rendered paint() {
      gutter();
      // Lanes whose role was set before the window say it at the top.
      for (int p = 0; p < servers; p++) {
        if (s.role[p] != null && !s.down[p]) {
          badge(p, TOP, s.role[p], s.term[p]);
        }
      }
      for (int row = w.firstRow(); row <= w.lastRow(); row++) {
        double y = y(row);
        rowHover(row, y);
        int lastDotNode = -1;
        for (int i = ix.rowStart(row); i < ix.rowEnd(row); i++) {
          TraceEvent e = ix.trace().get(i);
          switch (e.kind()) {
            case SEND -> {
              if (e.node() != lastDotNode) {
                sendDot(e, y);
                lastDotNode = e.node();
              }
              inFlight(e, row, y);
            }
            case DELIVER -> arrow(e, row, y);
            case DROP -> dropStub(e, y);
            case LOST -> lostLine(e, row, y);
            case DUPLICATE -> dupMark(e, y);
            case TIMER -> timer(e, y);
            case START -> start(e, y);
            default -> s.apply(e, this, y, row);
          }
        }
        if (w.anchor() && row == w.lastRow() && r.violation() != null) {
          violation(y);
        }
      }
      closeAll(height - 8);
      String markup = new StringBuilder(bg.length() + lanes.length() + msgs.length() + marks.length() + top.length() + 64)
          .append("<g class=\"layer-bg\">").append(bg).append("</g>")
          .append("<g class=\"layer-lanes\">").append(lanes).append("</g>")
          .append("<g class=\"layer-msgs\">").append(msgs).append("</g>")
          .append("<g class=\"layer-marks\">").append(marks).append("</g>")
          .append(top)
          .toString();
      return new Rendered(w, markup, height, violationY);
    }

    // -------------------------------------------------------------- background: time gutter, row hover targets

    void gutter() {
      bg.append("<rect class=\"gutter\" x=\"0\" y=\"0\" width=\"").append(n(GUTTER_L)).append("\" height=\"")
          .append(n(height)).append("\"/>");
      for (int p = 0; p < processes; p++) {
        double x = laneX(p);
        lanes.append("<line class=\"lane").append(p < servers ? "" : " client").append("\" x1=\"").append(n(x))
            .append("\" y1=\"0\" x2=\"").append(n(x)).append("\" y2=\"").append(n(height)).append("\"/>");
      }
      if (servers > 0 && servers < processes) {
        double x = (laneX(servers - 1) + laneX(servers)) / 2;
        bg.append("<line class=\"divider\" x1=\"").append(n(x)).append("\" y1=\"0\" x2=\"").append(n(x))
            .append("\" y2=\"").append(n(height)).append("\"/>");
      }
      int count = w.lastRow() - w.firstRow() + 1;
      double lastLabelY = -100;
      for (int i = 0; i < count; i++) {
        int row = w.firstRow() + i;
        long dt = i == 0 ? 0 : ix.rowTime(row) - ix.rowTime(row - 1);
        double y = rowY[i];
        if (i > 0 && dt >= 2_000) {
          double gy = (rowY[i - 1] + y) / 2;
          bg.append("<line class=\"gap\" x1=\"").append(n(GUTTER_L)).append("\" y1=\"").append(n(gy)).append("\" x2=\"")
              .append(n(width - GUTTER_R + 30)).append("\" y2=\"").append(n(gy)).append("\"/>");
          if (y - rowY[i - 1] >= 22) {
            bg.append("<text class=\"gaplabel\" x=\"").append(n(GUTTER_L - 8)).append("\" y=\"").append(n(gy + 3))
                .append("\">+").append(esc(Html.duration(dt))).append("</text>");
          }
        }
        boolean gapBefore = i > 0 && dt >= 2_000;
        if ((i == 0 || gapBefore || i % 5 == 0) && y - lastLabelY >= 14) {
          bg.append("<text class=\"tick\" x=\"").append(n(GUTTER_L - 8)).append("\" y=\"").append(n(y + 3.5)).append("\">")
              .append(esc(Html.time(ix.rowTime(row)))).append("</text>");
          lastLabelY = y;
        }
      }
    }

    void rowHover(int row, double y) {
      int i0 = ix.rowStart(row);
      int i1 = ix.rowEnd(row);
      double h = 12;
      StringBuilder tip = new StringBuilder();
      tip.append("event #").append(ix.rowEvent(row)).append(" at ").append(Html.time(ix.rowTime(row)));
      int shown = 0;
      for (int i = i0; i < i1; i++) {
        if (shown == 14) {
          tip.append("\n… ").append(i1 - i).append(" more records");
          break;
        }
        tip.append('\n').append(describe(ix.trace().get(i)));
        shown++;
      }
      bg.append("<rect class=\"row\" data-event=\"").append(ix.rowEvent(row)).append("\" x=\"").append(n(GUTTER_L))
          .append("\" y=\"").append(n(y - h / 2)).append("\" width=\"").append(n(width - GUTTER_L)).append("\" height=\"")
          .append(n(h)).append("\"><title>").append(esc(tip.toString())).append("</title></rect>");
    }

    // -------------------------------------------------------------- messages

    MessageKind kind(TraceEvent e) {
      return MessageKind.of(e.detail(), r.isClient(e.node()) || r.isClient(e.peer()));
    }

    boolean onLane(int p) {
      return p >= 0 && p < processes;
    }

    void sendDot(TraceEvent e, double y) {
      if (!onLane(e.node())) {
        return;
      }
      marks.append("<circle class=\"snd k-").append(kind(e).css).append("\" cx=\"").append(n(laneX(e.node())))
          .append("\" cy=\"").append(n(y)).append("\" r=\"2.6\"/>");
    }

    void arrow(TraceEvent e, int row, double yd) {
      int to = e.node();
      int from = e.peer();
      if (!onLane(to) || !onLane(from)) {
        // Still one arrow per DELIVER: an unknown end is drawn at the gutter so counts stay exact.
        from = onLane(from) ? from : to;
      }
      int sendRec = ix.sendRecordOf(e.msgId());
      int sendRow = sendRec < 0 ? -1 : ix.rowOfRecord(sendRec);
      boolean early = sendRow < w.firstRow();
      double ys = early ? 0 : y(sendRow);
      double xs = laneX(from);
      double xd = laneX(to);
      MessageKind k = kind(e);
      String d = e.detail() == null ? "" : e.detail();
      boolean dup = d.endsWith("(duplicate)");
      StringBuilder cls = new StringBuilder("msg k-").append(k.css);
      if (MessageKind.isHeartbeat(d)) {
        cls.append(" hb");
      }
      if (k == MessageKind.REPLY && MessageKind.isNegativeReply(d)) {
        cls.append(" neg");
      }
      if (dup) {
        cls.append(" dup");
      }
      if (early) {
        cls.append(" early");
      }
      // Stop the line where the arrowhead tip meets the lane, not in its middle.
      double dx = xd - xs;
      double dy = yd - ys;
      double len = Math.sqrt(dx * dx + dy * dy);
      double x2 = len > 8 ? xd - dx / len * 2.5 : xd;
      double y2 = len > 8 ? yd - dy / len * 2.5 : yd;
      msgs.append("<line class=\"").append(cls).append("\" data-msg=\"").append(e.msgId()).append("\" data-kind=\"")
          .append(esc(MessageKind.firstWord(d))).append("\" x1=\"").append(n(xs)).append("\" y1=\"").append(n(ys))
          .append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append("\" marker-end=\"url(#ah-")
          .append(k.css).append(")\"><title>");
      StringBuilder tip = new StringBuilder();
      tip.append(d).append('\n').append(r.nameOf(from)).append(" → ").append(r.nameOf(to)).append(" · msg ")
          .append(e.msgId());
      long sentAt = e.sentAtMicros();
      tip.append("\nsent ").append(Html.time(sentAt));
      if (early) {
        tip.append(" (before this window)");
      }
      tip.append(" · delivered ").append(Html.time(e.timeMicros()));
      if (sentAt >= 0) {
        tip.append(" · in flight ").append(Html.duration(e.timeMicros() - sentAt));
      }
      msgs.append(esc(tip.toString())).append("</title></line>");
      if (dup) {
        marks.append("<text class=\"duplabel\" x=\"").append(n((xs + xd) / 2 + 4)).append("\" y=\"")
            .append(n((ys + yd) / 2)).append("\">×2</text>");
      }
    }

    void dropStub(TraceEvent e, double y) {
      int from = e.node();
      int to = e.peer();
      if (!onLane(from)) {
        return;
      }
      double xs = laneX(from);
      double xt = onLane(to) ? laneX(to) : xs + 60;
      double dir = xt >= xs ? 1 : -1;
      // Aim at the recipient; farther recipients get longer, steeper stubs so drops of one broadcast stay apart.
      double lanesAway = Math.max(1, Math.round(Math.abs(xt - xs) / spacing));
      double reach = Math.min(Math.abs(xt - xs) * 0.42, 40 + 16 * lanesAway);
      double xe = xs + dir * Math.max(reach, 18);
      double ye = y + 5 + 5 * lanesAway;
      MessageKind k = kind(e);
      msgs.append("<g class=\"dropped k-").append(k.css).append("\" data-msg=\"").append(e.msgId()).append("\"><title>")
          .append(esc("dropped: " + e.detail() + "\n" + r.nameOf(from) + " → " + r.nameOf(to) + " at "
              + Html.time(e.timeMicros()) + " · msg " + e.msgId()))
          .append("</title><path class=\"stub\" d=\"M").append(n(xs)).append(' ').append(n(y)).append(" L").append(n(xe))
          .append(' ').append(n(ye)).append("\"/>");
      cross(msgs, xe, ye);
      msgs.append("</g>");
    }

    void lostLine(TraceEvent e, int row, double yl) {
      int to = e.node();
      int from = e.peer();
      if (!onLane(to) || !onLane(from)) {
        return;
      }
      int sendRec = ix.sendRecordOf(e.msgId());
      int sendRow = sendRec < 0 ? -1 : ix.rowOfRecord(sendRec);
      double ys = sendRow < w.firstRow() ? 0 : y(sendRow);
      double xs = laneX(from);
      double xd = laneX(to);
      msgs.append("<g class=\"dropped lost k-").append(kind(e).css).append("\" data-msg=\"").append(e.msgId())
          .append("\"><title>").append(esc("lost (" + r.nameOf(to) + " was down): " + e.detail() + "\n" + r.nameOf(from)
              + " → " + r.nameOf(to) + " · sent " + Html.time(e.sentAtMicros()) + " · lost " + Html.time(e.timeMicros())
              + " · msg " + e.msgId()))
          .append("</title><path class=\"stub\" d=\"M").append(n(xs)).append(' ').append(n(ys)).append(" L").append(n(xd))
          .append(' ').append(n(yl)).append("\"/>");
      cross(msgs, xd, yl);
      msgs.append("</g>");
    }

    void cross(StringBuilder sb, double x, double y) {
      double a = 4.5;
      sb.append("<path class=\"x\" d=\"M").append(n(x - a)).append(' ').append(n(y - a)).append(" L").append(n(x + a))
          .append(' ').append(n(y + a)).append(" M").append(n(x - a)).append(' ').append(n(y + a)).append(" L")
          .append(n(x + a)).append(' ').append(n(y - a)).append("\"/>");
    }

    void inFlight(TraceEvent e, int row, double ys) {
      int fate = ix.lastFateRowOf(e.msgId());
      if (fate >= 0 && fate <= w.lastRow()) {
        return;
      }
      int from = e.node();
      int to = e.peer();
      if (!onLane(from) || !onLane(to)) {
        return;
      }
      double xs = laneX(from);
      double xd = laneX(to);
      double ye = height - 6;
      double xe = xs + (xd - xs) * Math.min(1, (ye - ys) / Math.max(1, ye - ys + 40));
      String when = fate < 0 ? "not delivered within the trace" : "arrives at " + Html.time(ix.rowTime(fate));
      msgs.append("<path class=\"inflight k-").append(kind(e).css).append("\" data-msg=\"").append(e.msgId())
          .append("\" d=\"M").append(n(xs)).append(' ').append(n(ys)).append(" L").append(n(xe)).append(' ').append(n(ye))
          .append("\"><title>").append(esc("in flight at the end of this window: " + e.detail() + "\n" + r.nameOf(from)
              + " → " + r.nameOf(to) + " · sent " + Html.time(e.timeMicros()) + " · " + when + " · msg " + e.msgId()))
          .append("</title></path>");
    }

    void dupMark(TraceEvent e, double y) {
      if (!onLane(e.node())) {
        return;
      }
      marks.append("<circle class=\"dupsend\" cx=\"").append(n(laneX(e.node()))).append("\" cy=\"").append(n(y))
          .append("\" r=\"5\"><title>").append(esc("network duplicated: " + e.detail() + " → " + r.nameOf(e.peer())))
          .append("</title></circle>");
    }

    // -------------------------------------------------------------- local events

    void timer(TraceEvent e, double y) {
      if (!onLane(e.node())) {
        return;
      }
      marks.append("<circle class=\"timer\" cx=\"").append(n(laneX(e.node()))).append("\" cy=\"").append(n(y))
          .append("\" r=\"3.4\"><title>").append(esc(r.nameOf(e.node()) + ": " + e.detail() + " fired at "
              + Html.time(e.timeMicros()))).append("</title></circle>");
    }

    void start(TraceEvent e, double y) {
      if (!onLane(e.node())) {
        return;
      }
      double x = laneX(e.node());
      marks.append("<rect class=\"start\" x=\"").append(n(x - 9)).append("\" y=\"").append(n(y - 1.5))
          .append("\" width=\"18\" height=\"3\"><title>").append(esc(r.nameOf(e.node()) + " started"))
          .append("</title></rect>");
    }

    void note(int p, double y, String text) {
      double x = laneX(p);
      marks.append("<path class=\"note\" d=\"M").append(n(x)).append(' ').append(n(y - 4)).append(" L").append(n(x + 4))
          .append(' ').append(n(y)).append(" L").append(n(x)).append(' ').append(n(y + 4)).append(" L").append(n(x - 4))
          .append(' ').append(n(y)).append(" Z\"><title>").append(esc(r.nameOf(p) + ": " + text)).append("</title></path>");
    }

    /** A read served without the log: a square, blue for ReadIndex and green for a lease, lettered I or L. */
    void read(int p, double y, String mode, String op, String applied) {
      double x = laneX(p);
      boolean lease = mode.equals("lease");
      marks.append("<g class=\"read ").append(lease ? "read-lease" : "read-index").append("\"><rect x=\"")
          .append(n(x - 4.5)).append("\" y=\"").append(n(y - 4.5)).append("\" width=\"9\" height=\"9\" rx=\"1.5\"/>")
          .append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y + 3)).append("\">").append(lease ? 'L' : 'I')
          .append("</text><title>").append(esc(r.nameOf(p) + " served " + op + " by " + (lease ? "lease" : "ReadIndex")
              + " with entries up to " + applied + " applied")).append("</title></g>");
    }

    /** A small square on the lane with a short label: snapshots taken and installed, commits. */
    void mark(int p, double y, String cls, String text, String tip) {
      double x = laneX(p);
      marks.append("<rect class=\"").append(cls).append("\" x=\"").append(n(x - 3.5)).append("\" y=\"")
          .append(n(y - 3.5)).append("\" width=\"7\" height=\"7\"><title>").append(esc(tip)).append("</title></rect>");
      label(p, y, cls + "-label", text, tip);
    }

    void label(int p, double y, String cls, String text, String tip) {
      marks.append("<text class=\"").append(cls).append("\" x=\"").append(n(laneX(p) + 9)).append("\" y=\"")
          .append(n(y + 3.5)).append("\">").append(esc(text));
      if (tip != null) {
        marks.append("<title>").append(esc(tip)).append("</title>");
      }
      marks.append("</text>");
    }

    /** Server p's place in the configuration changes at y (to voter, learner or removed). */
    void memberChange(int p, double y, String now, long index) {
      closeMember(p, y);
      memberY[p] = y;
      if (s.member[p] != null) {
        label(p, y, "evlabel memberlabel", now, r.nameOf(p) + " is " + (now.equals("removed") ? "outside the"
            + " configuration" : "a " + now) + " from configuration " + index);
      }
    }

    /**
     * The configuration strip beside server p's lane from memberY to y: solid for a voter, dashed for a learner,
     * dotted for a server outside the configuration (a spare or removed).
     */
    void closeMember(int p, double y) {
      if (p >= servers || s.member[p] == null || y <= memberY[p]) {
        return;
      }
      double x = laneX(p) - 9;
      lanes.append("<line class=\"member member-").append(s.member[p]).append("\" x1=\"").append(n(x)).append("\" y1=\"")
          .append(n(memberY[p])).append("\" x2=\"").append(n(x)).append("\" y2=\"").append(n(y)).append("\"><title>")
          .append(esc(r.nameOf(p) + ": " + (s.member[p].equals("removed") ? "outside the configuration (spare or removed)"
              : s.member[p]))).append("</title></line>");
    }

    void roleChange(int p, double y, String newRole, long newTerm) {
      closeSegment(p, y);
      segY[p] = y;
      badge(p, y, newRole, newTerm);
    }

    void badge(int p, double y, String role, long term) {
      String text = Palette.roleLetter(role) + " t" + term;
      double x = laneX(p) + 8;
      double wdt = text.length() * 6.4 + 8;
      marks.append("<g class=\"badge\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y - 7)).append("\" width=\"")
          .append(n(wdt)).append("\" height=\"14\" rx=\"3\" fill=\"").append(Palette.term(term))
          .append("\"/><text x=\"").append(n(x + 4)).append("\" y=\"").append(n(y + 3.5)).append("\">").append(esc(text))
          .append("</text><title>").append(esc(r.nameOf(p) + " becomes " + role + " in term " + term)).append("</title></g>");
    }

    /** Ends the role segment of a server at y (drawn from segY). */
    void closeSegment(int p, double y) {
      if (p >= servers || s.down[p] || s.role[p] == null || y <= segY[p]) {
        return;
      }
      String role = s.role[p];
      double wdt = switch (role) {
        case "LEADER" -> 8;
        case "CANDIDATE" -> 6;
        default -> 3.5;
      };
      double x = laneX(p);
      lanes.append("<rect class=\"seg ").append(esc(role.toLowerCase(java.util.Locale.ROOT))).append("\" x=\"")
          .append(n(x - wdt / 2)).append("\" y=\"").append(n(segY[p])).append("\" width=\"").append(n(wdt))
          .append("\" height=\"").append(n(y - segY[p])).append("\" fill=\"").append(Palette.role(role))
          .append("\"><title>").append(esc(r.nameOf(p) + ": " + role + ", term " + s.term[p])).append("</title></rect>");
      // Long segments repeat their role and term so a lane can be read anywhere while scrolling.
      for (double ry = segY[p] + 420; ry < y - 120; ry += 420) {
        marks.append("<text class=\"segrep\" x=\"").append(n(x + 9)).append("\" y=\"").append(n(ry)).append("\" fill=\"")
            .append(Palette.role(role)).append("\">").append(esc(Palette.roleLetter(role) + " t" + s.term[p])).append("</text>");
      }
    }

    void crash(int p, double y, String detail) {
      closeSegment(p, y);
      closePause(p, y);
      downY[p] = y;
      double x = laneX(p);
      marks.append("<g class=\"crash\"><title>").append(esc(r.nameOf(p) + " crashed at " + Html.time(ix.rowTime(rowAt(y)))
          + (detail == null ? "" : " (" + detail + ")"))).append("</title>");
      double a = 6;
      marks.append("<path d=\"M").append(n(x - a)).append(' ').append(n(y - a)).append(" L").append(n(x + a)).append(' ')
          .append(n(y + a)).append(" M").append(n(x - a)).append(' ').append(n(y + a)).append(" L").append(n(x + a))
          .append(' ').append(n(y - a)).append("\"/></g>");
      label(p, y, "evlabel crashlabel", "crash", null);
    }

    int rowAt(double y) {
      for (int i = 0; i < rowY.length; i++) {
        if (rowY[i] >= y) {
          return w.firstRow() + i;
        }
      }
      return w.lastRow();
    }

    void restart(int p, double y) {
      closeDown(p, y);
      segY[p] = y;
      double x = laneX(p);
      marks.append("<path class=\"restart\" d=\"M").append(n(x)).append(' ').append(n(y - 6)).append(" L").append(n(x + 6))
          .append(' ').append(n(y + 4)).append(" L").append(n(x - 6)).append(' ').append(n(y + 4)).append(" Z\"><title>")
          .append(esc(r.nameOf(p) + " restarted from its durable state")).append("</title></path>");
      label(p, y, "evlabel restartlabel", "restart", null);
    }

    void closeDown(int p, double y) {
      if (!s.down[p] || y <= downY[p]) {
        return;
      }
      double x = laneX(p);
      lanes.append("<rect class=\"down\" x=\"").append(n(x - 13)).append("\" y=\"").append(n(downY[p])).append("\" width=\"26\" height=\"")
          .append(n(y - downY[p])).append("\"><title>").append(esc(r.nameOf(p) + " is down (crashed)")).append("</title></rect>");
    }

    void pause(int p, double y) {
      pauseY[p] = y;
      label(p, y, "evlabel pauselabel", "pause", null);
    }

    void resume(int p, double y) {
      closePause(p, y);
      label(p, y, "evlabel pauselabel", "resume", null);
    }

    void closePause(int p, double y) {
      if (!s.paused[p] || y <= pauseY[p]) {
        return;
      }
      double x = laneX(p);
      lanes.append("<rect class=\"paused\" x=\"").append(n(x - 12)).append("\" y=\"").append(n(pauseY[p])).append("\" width=\"24\" height=\"")
          .append(n(y - pauseY[p])).append("\"><title>").append(esc(r.nameOf(p) + " is paused: its events wait"))
          .append("</title></rect>");
    }

    void netChange(double y, boolean wasNet, int[] oldGroups, String oldLabel) {
      if (wasNet) {
        band(netY, y, oldGroups, oldLabel);
      }
      netY = y;
    }

    void band(double y0, double y1, int[] groups, String label) {
      if (y1 <= y0 || servers == 0) {
        return;
      }
      double half = spacing / 2 - 6;
      if (groups == null) {
        bg.append("<rect class=\"band\" x=\"").append(n(laneX(0) - half)).append("\" y=\"").append(n(y0)).append("\" width=\"")
            .append(n(laneX(servers - 1) - laneX(0) + 2 * half)).append("\" height=\"").append(n(y1 - y0))
            .append("\"><title>").append(esc("network fault: " + label)).append("</title></rect>");
      } else {
        for (int p = 0; p < servers && p < groups.length; p++) {
          String cls = groups[p] < 0 ? "band iso" : "band g" + (groups[p] % 4);
          bg.append("<rect class=\"").append(cls).append("\" x=\"").append(n(laneX(p) - half)).append("\" y=\"")
              .append(n(y0)).append("\" width=\"").append(n(2 * half)).append("\" height=\"").append(n(y1 - y0))
              .append("\"><title>").append(esc(r.nameOf(p) + (groups[p] < 0 ? " is cut off: " : " is on side "
                  + (char) ('A' + groups[p]) + ": ") + label)).append("</title></rect>");
        }
      }
    }

    void globalFault(double y, String d) {
      String text = FaultText.friendly(d, r);
      double x0 = GUTTER_L + 2;
      double x1 = width - GUTTER_R + 16;
      bg.append("<line class=\"faultline\" x1=\"").append(n(x0)).append("\" y1=\"").append(n(y)).append("\" x2=\"")
          .append(n(x1)).append("\" y2=\"").append(n(y)).append("\"/>");
      marks.append("<text class=\"fault\" x=\"").append(n(x1 + 4)).append("\" y=\"").append(n(y + 3.5)).append("\">")
          .append(esc(Html.shorten("⚡ " + text, 32))).append("<title>").append(esc(d)).append("</title></text>");
    }

    void invoke(int p, double y, String text, ClientOp op) {
      String cls = op != null && op.offending() ? "evlabel oplabel offending" : "evlabel oplabel";
      label(p, y, cls, Html.shorten(text, 26), "invoke " + text);
      double x = laneX(p);
      marks.append("<path class=\"inv\" d=\"M").append(n(x - 5)).append(' ').append(n(y)).append(" L").append(n(x + 5))
          .append(' ').append(n(y)).append("\"/>");
    }

    void complete(int p, double y, OpenOp o, String text) {
      double x = laneX(p);
      double y0 = o == null ? 0 : Math.max(0, o.y());
      opBar(p, y0, y, o, false);
      marks.append("<path class=\"cmp\" d=\"M").append(n(x - 5)).append(' ').append(n(y)).append(" L").append(n(x + 5))
          .append(' ').append(n(y)).append("\"/>");
      label(p, y, "evlabel oplabel done", "→ " + Html.shorten(text, 24), "complete " + text);
    }

    void opBar(int p, double y0, double y1, OpenOp o, boolean open) {
      boolean offending = o != null && o.op() != null && o.op().offending();
      double x = laneX(p);
      StringBuilder cls = new StringBuilder("op");
      if (offending) {
        cls.append(" offending");
      }
      if (open) {
        cls.append(" open");
      }
      lanes.append("<rect class=\"").append(cls).append("\" x=\"").append(n(x - 4)).append("\" y=\"").append(n(y0))
          .append("\" width=\"8\" height=\"").append(n(Math.max(1, y1 - y0))).append("\" rx=\"2\"><title>")
          .append(esc((o == null ? "operation" : o.text()) + (open ? " (still open)" : ""))).append("</title></rect>");
    }

    void closeAll(double y) {
      for (int p = 0; p < processes; p++) {
        closeMember(p, y);
        closeSegment(p, y);
        closeDown(p, y);
        closePause(p, y);
        for (OpenOp o : s.open[p]) {
          opBar(p, Math.max(0, o.y()), y, o, true);
        }
      }
      if (s.net) {
        band(netY, y, s.groupOf, s.netLabel);
      }
    }

    void violation(double y) {
      violationY = y;
      var v = r.violation();
      double x0 = GUTTER_L + 4;
      double x1 = width - GUTTER_R + 16;
      top.append("<g id=\"violation\" class=\"violation\" data-event=\"").append(v.eventIndex()).append("\"><title>")
          .append(esc(v.invariant() + ": " + v.message() + "\nevent #" + v.eventIndex() + " at " + Html.time(v.timeMicros())))
          .append("</title><line x1=\"").append(n(x0)).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(n(x1))
          .append("\" y2=\"").append(n(y)).append("\"/>");
      for (int node : v.nodes()) {
        if (onLane(node)) {
          top.append("<circle cx=\"").append(n(laneX(node))).append("\" cy=\"").append(n(y)).append("\" r=\"9\"/>");
        }
      }
      top.append("<text x=\"").append(n(x1 + 4)).append("\" y=\"").append(n(y + 4)).append("\">⚠ ")
          .append(esc(Html.shorten(v.invariant(), 26))).append("</text></g>");
      bg.append("<rect class=\"after\" x=\"").append(n(GUTTER_L)).append("\" y=\"").append(n(y + 10)).append("\" width=\"")
          .append(n(width - GUTTER_L)).append("\" height=\"").append(n(Math.max(0, height - y - 10))).append("\"/>")
          .append("<text class=\"afterlabel\" x=\"").append(n(x1 + 4)).append("\" y=\"").append(n(y + 30))
          .append("\">the run stops here</text><text class=\"afterlabel\" x=\"").append(n(x1 + 4))
          .append("\" y=\"").append(n(y + 44)).append("\">dotted: still in flight</text>");
    }
  }

  /** Step between rows: a base height plus a little for idle time (log scale, capped). */
  static double step(long dtMicros) {
    double extra = dtMicros <= 0 ? 0 : Math.min(30, 5 * (Math.log(1 + dtMicros / 1000.0) / Math.log(2)));
    return Math.round((13 + extra) * 2) / 2.0;
  }

  /** One record as a line of text for tooltips. */
  String describe(TraceEvent e) {
    String who = r.nameOf(e.node());
    String d = e.detail() == null ? "" : e.detail();
    return switch (e.kind()) {
      case SEND -> who + " → " + r.nameOf(e.peer()) + "  send " + d;
      case DELIVER -> who + " ← " + r.nameOf(e.peer()) + "  receive " + d;
      case DROP -> who + " → " + r.nameOf(e.peer()) + "  dropped " + d;
      case LOST -> who + " ← " + r.nameOf(e.peer()) + "  lost (down) " + d;
      case DUPLICATE -> who + " → " + r.nameOf(e.peer()) + "  duplicated " + d;
      case FAULT -> "fault: " + FaultText.friendly(d, r);
      case HOST -> "host: " + d;
      default -> who + "  " + e.kind().name().toLowerCase(java.util.Locale.ROOT) + (d.isEmpty() ? "" : " " + d);
    };
  }
}
