package dev.raftsim.reports.internal;

import static dev.raftsim.reports.internal.Html.esc;

import dev.raftsim.reports.LogCell;
import dev.raftsim.reports.NodeState;
import dev.raftsim.reports.RunReport;
import java.util.List;
import java.util.Objects;

/** The node state table and the log grid (term-coloured cells, disagreeing indexes flagged). */
public final class NodeTables {
  private NodeTables() {}

  /** Log indexes drawn at most; longer logs show their tail (the part where Raft bugs live). */
  static final int MAX_LOG_COLUMNS = 600;

  public static void stateTable(StringBuilder sb, RunReport r) {
    List<NodeState> nodes = r.nodeStates();
    if (nodes.isEmpty()) {
      sb.append("<p class=\"muted\">No node states were recorded for this run.</p>\n");
      return;
    }
    var involved = r.violation() == null ? List.<Integer>of() : r.violation().nodes();
    sb.append("<table class=\"grid nodes\"><thead><tr><th>node</th><th>status</th><th>role</th><th class=\"num\">term</th>")
        .append("<th>voted for</th><th class=\"num\">log length</th><th class=\"num\">last log term</th>")
        .append("<th class=\"num\">commit index</th><th class=\"num\">last applied</th>")
        .append("<th class=\"num\">snapshot base</th></tr></thead><tbody>\n");
    for (int i = 0; i < nodes.size(); i++) {
      NodeState s = nodes.get(i);
      int id = processIdOf(r, s.name(), i);
      boolean hit = involved.contains(id);
      String role = s.role() == null ? "" : s.role();
      long lastTerm = s.log().isEmpty() ? s.snapshotTerm() : s.log().get(s.log().size() - 1).term();
      sb.append("<tr class=\"").append(s.up() ? "up" : "downrow").append(hit ? " involved" : "").append("\">")
          .append("<td class=\"name\">").append(esc(s.name())).append(hit ? " <span class=\"pill red\">involved</span>" : "")
          .append("</td><td>").append(s.up() ? "<span class=\"pill green\">up</span>" : "<span class=\"pill red\">down</span>")
          .append("</td><td><span class=\"role\" style=\"border-color:").append(Palette.role(role)).append(";color:")
          .append(Palette.role(role)).append("\">").append(esc(role.isEmpty() ? "—" : role)).append("</span></td>")
          .append("<td class=\"num\"><span class=\"termchip\" style=\"background:").append(Palette.term(s.term())).append("\">")
          .append(s.term()).append("</span></td><td>").append(s.votedFor() < 0 ? "—" : esc(r.nameOf(s.votedFor())))
          .append("</td><td class=\"num\">").append(s.snapshotIndex() + s.log().size()).append("</td><td class=\"num\">")
          .append(lastTerm).append("</td><td class=\"num\">").append(s.commitIndex()).append("</td><td class=\"num\">")
          .append(s.lastApplied()).append("</td><td class=\"num\">")
          .append(s.snapshotIndex() == 0 ? "—" : s.snapshotIndex() + " (term " + s.snapshotTerm() + ")")
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table>\n");
  }

  /**
   * One row per node, one column per log index; a cell's colour is its term (the same colour on every node),
   * entries past the node's commit index are faded, and columns where nodes hold different entries are flagged.
   */
  public static void logGrid(StringBuilder sb, RunReport r) {
    List<NodeState> nodes = r.nodeStates();
    int max = 0;
    for (NodeState s : nodes) {
      for (LogCell c : s.log()) {
        max = Math.max(max, c.index());
      }
    }
    if (nodes.isEmpty() || max == 0) {
      sb.append("<p class=\"muted\">All logs are empty.</p>\n");
      return;
    }
    LogCell[][] at = new LogCell[nodes.size()][max + 1];
    for (int i = 0; i < nodes.size(); i++) {
      for (LogCell c : nodes.get(i).log()) {
        if (c.index() >= 1) {
          at[i][c.index()] = c;
        }
      }
    }
    boolean[] diverge = new boolean[max + 1];
    int divergent = 0;
    int firstDivergent = -1;
    for (int idx = 1; idx <= max; idx++) {
      LogCell ref = null;
      for (int i = 0; i < nodes.size(); i++) {
        LogCell c = at[i][idx];
        if (c == null) {
          continue;
        }
        if (ref == null) {
          ref = c;
        } else if (c.term() != ref.term() || !Objects.equals(c.command(), ref.command())) {
          diverge[idx] = true;
        }
      }
      if (diverge[idx]) {
        divergent++;
        if (firstDivergent < 0) {
          firstDivergent = idx;
        }
      }
    }
    int from = Math.max(1, max - MAX_LOG_COLUMNS + 1);
    if (firstDivergent >= 1 && firstDivergent < from) {
      from = Math.max(1, firstDivergent - 20);
    }
    int to = Math.min(max, from + MAX_LOG_COLUMNS - 1);
    sb.append("<p class=\"logsummary\">");
    if (divergent == 0) {
      sb.append("<span class=\"pill green\">logs agree</span> every index held by several nodes has the same term and command.");
    } else {
      sb.append("<span class=\"pill red\">").append(divergent).append(divergent == 1 ? " index differs" : " indexes differ")
          .append("</span> nodes hold different entries at ").append(divergent == 1 ? "index " : "indexes ")
          .append(indexList(diverge)).append(" (marked ▼).");
    }
    sb.append(" Faded cells are past the node's commit index.");
    if (from > 1 || to < max) {
      sb.append(" Showing indexes ").append(from).append("–").append(to).append(" of ").append(max).append('.');
    }
    sb.append("</p>\n<div class=\"logscroll\" data-first-divergent=\"").append(firstDivergent).append("\"><table class=\"log\"><thead><tr><th class=\"lname\">index</th>");
    for (int idx = from; idx <= to; idx++) {
      sb.append("<th class=\"lidx").append(diverge[idx] ? " div" : "").append("\" data-index=\"").append(idx).append("\">")
          .append(diverge[idx] ? "▼<br>" : "").append(idx).append("</th>");
    }
    sb.append("</tr></thead><tbody>\n");
    for (int i = 0; i < nodes.size(); i++) {
      NodeState s = nodes.get(i);
      sb.append("<tr><th class=\"lname\">").append(esc(s.name())).append(s.up() ? "" : " <span class=\"muted\">(down)</span>")
          .append("</th>");
      for (int idx = from; idx <= to; idx++) {
        LogCell c = at[i][idx];
        if (c == null) {
          sb.append("<td class=\"lc empty").append(diverge[idx] ? " dv" : "").append("\"></td>");
          continue;
        }
        sb.append("<td class=\"lc").append(idx > s.commitIndex() ? " unc" : "").append(diverge[idx] ? " dv" : "")
            .append("\" style=\"background:").append(Palette.term(c.term())).append("\" title=\"")
            .append(esc(s.name() + " · index " + idx + " · term " + c.term() + (idx <= s.commitIndex() ? " · committed" : " · not committed")
                + "\n" + (c.command() == null ? "" : c.command())))
            .append("\">").append(c.term()).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table></div>\n");
  }

  private static String indexList(boolean[] diverge) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (int i = 1; i < diverge.length; i++) {
      if (!diverge[i]) {
        continue;
      }
      int j = i;
      while (j + 1 < diverge.length && diverge[j + 1]) {
        j++;
      }
      if (shown == 8) {
        sb.append(", …");
        break;
      }
      sb.append(shown == 0 ? "" : ", ").append(i == j ? Integer.toString(i) : i + "–" + j);
      shown++;
      i = j;
    }
    return sb.toString();
  }

  /** Node states name their process; fall back to the list position when the name is not a known process. */
  static int processIdOf(RunReport r, String name, int position) {
    int id = r.processNames().indexOf(name);
    return id >= 0 ? id : position;
  }
}
