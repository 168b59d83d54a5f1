package dev.raftsim.reports.internal;

import static dev.raftsim.reports.internal.Html.esc;
import static dev.raftsim.reports.internal.Html.n;

import dev.raftsim.reports.ClientOp;
import dev.raftsim.reports.RunReport;
import java.util.ArrayList;
import java.util.List;

/** Client history: a Jepsen-style timeline (one row per client, a bar per operation) and a table. */
public final class HistoryView {
  private HistoryView() {}

  static final double LEFT = 64;
  static final double WIDTH = 1160;
  static final double ROW = 30;

  public static void timeline(StringBuilder sb, RunReport r) {
    List<ClientOp> ops = r.history();
    if (ops.isEmpty()) {
      sb.append("<p class=\"muted\">No client operations in this run.</p>\n");
      return;
    }
    List<Integer> clients = new ArrayList<>();
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    for (ClientOp op : ops) {
      if (!clients.contains(op.clientProcess())) {
        clients.add(op.clientProcess());
      }
      t0 = Math.min(t0, op.invokeMicros());
      t1 = Math.max(t1, Math.max(op.invokeMicros(), op.completeMicros()));
    }
    clients.sort(Integer::compare);
    if (r.violation() != null) {
      t1 = Math.max(t1, r.violation().timeMicros());
    }
    long span = Math.max(1, t1 - t0);
    // Open operations run to the right edge, a little past the last thing that happened.
    double plotW = WIDTH - LEFT - 24;
    double openEnd = LEFT + plotW + 16;
    // Operations of one client that overlap in time (a new one after an op that never completed) stack in tracks.
    int[] track = new int[ops.size()];
    int[] firstRow = new int[clients.size()];
    int rowsUsed = 0;
    for (int c = 0; c < clients.size(); c++) {
      firstRow[c] = rowsUsed;
      List<Double> busyUntil = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        ClientOp op = ops.get(i);
        if (op.clientProcess() != clients.get(c)) {
          continue;
        }
        double x0 = LEFT + plotW * (op.invokeMicros() - t0) / span;
        double x1 = op.completed() ? LEFT + plotW * (op.completeMicros() - t0) / span : openEnd;
        int k = 0;
        while (k < busyUntil.size() && busyUntil.get(k) > x0 - 1) {
          k++;
        }
        if (k == busyUntil.size()) {
          busyUntil.add(0.0);
        }
        busyUntil.set(k, Math.max(x1, x0 + 3));
        track[i] = rowsUsed + k;
      }
      rowsUsed += Math.max(1, busyUntil.size());
    }
    double height = rowsUsed * ROW + 34;
    sb.append("<svg class=\"history\" width=\"").append(n(WIDTH)).append("\" height=\"")
        .append(n(height)).append("\" viewBox=\"0 0 ").append(n(WIDTH)).append(' ').append(n(height)).append("\">");
    sb.append("<defs><linearGradient id=\"fadeopen\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\"><stop offset=\"0\" stop-color=\"#d0bfff\"/>")
        .append("<stop offset=\"1\" stop-color=\"#d0bfff\" stop-opacity=\"0\"/></linearGradient></defs>");
    // Axis: five ticks.
    for (int k = 0; k <= 4; k++) {
      double x = LEFT + plotW * k / 4;
      long t = t0 + span * k / 4;
      sb.append("<line class=\"hgrid\" x1=\"").append(n(x)).append("\" y1=\"4\" x2=\"").append(n(x)).append("\" y2=\"")
          .append(n(height - 22)).append("\"/><text class=\"htick\" x=\"").append(n(x)).append("\" y=\"").append(n(height - 8))
          .append("\">").append(esc(Html.time(t))).append("</text>");
    }
    for (int c = 0; c < clients.size(); c++) {
      double y = 8 + firstRow[c] * ROW;
      sb.append("<text class=\"hname\" x=\"").append(n(LEFT - 10)).append("\" y=\"").append(n(y + ROW / 2 + 1))
          .append("\">").append(esc(r.nameOf(clients.get(c)))).append("</text>");
    }
    for (int i = 0; i < ops.size(); i++) {
      ClientOp op = ops.get(i);
      double y = 8 + track[i] * ROW + 4;
      double x0 = LEFT + plotW * (op.invokeMicros() - t0) / span;
      double x1 = op.completed() ? LEFT + plotW * (op.completeMicros() - t0) / span : openEnd;
      double w = Math.max(3, x1 - x0);
      StringBuilder cls = new StringBuilder("hop ").append(opClass(op));
      if (!op.completed()) {
        cls.append(" open");
      }
      if (op.offending()) {
        cls.append(" offending");
      }
      String text = describe(op);
      sb.append("<g class=\"").append(cls).append("\" data-op=\"").append(i).append("\"><rect x=\"").append(n(x0))
          .append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w)).append("\" height=\"").append(n(ROW - 8))
          .append("\" rx=\"3\"/>");
      if (w > 46) {
        sb.append("<text x=\"").append(n(x0 + 5)).append("\" y=\"").append(n(y + (ROW - 8) / 2 + 4)).append("\">")
            .append(esc(Html.shorten(text, (int) (w / 6.3)))).append("</text>");
      }
      sb.append("<title>").append(esc(r.nameOf(op.clientProcess()) + " " + text + "\ninvoked " + Html.time(op.invokeMicros())
          + (op.completed() ? ", completed " + Html.time(op.completeMicros()) + " (" + Html.duration(op.completeMicros()
              - op.invokeMicros()) + ")" : ", never completed") + (op.offending() ? "\nOFFENDING: part of the violation" : "")))
          .append("</title></g>");
    }
    if (r.violation() != null) {
      double x = LEFT + plotW * (r.violation().timeMicros() - t0) / span;
      sb.append("<line class=\"hviol\" x1=\"").append(n(x)).append("\" y1=\"2\" x2=\"").append(n(x)).append("\" y2=\"")
          .append(n(height - 22)).append("\"><title>violation detected here</title></line>");
    }
    sb.append("</svg>\n");
  }

  public static void table(StringBuilder sb, RunReport r) {
    List<ClientOp> ops = r.history();
    if (ops.isEmpty()) {
      return;
    }
    sb.append("<details class=\"histtable\"").append(ops.size() <= 40 ? " open" : "").append("><summary>All ")
        .append(ops.size()).append(" operations</summary><table class=\"grid\"><thead><tr><th class=\"num\">#</th><th>client</th>")
        .append("<th>op</th><th>key</th><th>input</th><th>output</th><th class=\"num\">invoked</th><th class=\"num\">completed</th>")
        .append("<th class=\"num\">latency</th></tr></thead><tbody>\n");
    for (int i = 0; i < ops.size(); i++) {
      ClientOp op = ops.get(i);
      sb.append("<tr").append(op.offending() ? " class=\"offending\"" : "").append("><td class=\"num\">").append(i + 1)
          .append("</td><td>").append(esc(r.nameOf(op.clientProcess()))).append("</td><td>").append(esc(op.op()))
          .append("</td><td>").append(esc(op.key())).append("</td><td>").append(esc(op.input())).append("</td><td>")
          .append(op.output() == null ? "<span class=\"muted\">never completed</span>" : esc(op.output()))
          .append("</td><td class=\"num\">").append(esc(Html.time(op.invokeMicros()))).append("</td><td class=\"num\">")
          .append(op.completed() ? esc(Html.time(op.completeMicros())) : "—").append("</td><td class=\"num\">")
          .append(op.completed() ? esc(Html.duration(op.completeMicros() - op.invokeMicros())) : "—").append("</td></tr>\n");
    }
    sb.append("</tbody></table></details>\n");
  }

  static String describe(ClientOp op) {
    StringBuilder sb = new StringBuilder();
    sb.append(op.op() == null ? "?" : op.op());
    if (op.key() != null && !op.key().isEmpty()) {
      sb.append(' ').append(op.key());
    }
    if (op.input() != null && !op.input().isEmpty()) {
      sb.append('=').append(op.input());
    }
    sb.append(" → ").append(op.output() == null ? "?" : op.output());
    return sb.toString();
  }

  static String opClass(ClientOp op) {
    String o = op.op() == null ? "" : op.op().toLowerCase(java.util.Locale.ROOT);
    if (o.startsWith("get") || o.startsWith("read")) {
      return "read";
    }
    return "write";
  }
}
