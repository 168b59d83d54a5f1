package dev.raftsim.reports.internal;

import dev.raftsim.reports.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kernel's fault descriptions ({@code Fault.describe()}: 0-based node ids) and says them with the lane
 * names people see ("partition [[0, 1], [2]]" becomes "partition {n1,n2} | {n3}").
 */
public final class FaultText {
  private FaultText() {}

  private static final Pattern INT = Pattern.compile("\\d+");
  private static final Pattern LINK = Pattern.compile("^(cut|clog) (\\d+)->(\\d+)(.*)$");
  private static final Pattern BRIDGE = Pattern.compile("^bridge (\\d+) (\\[[^\\]]*\\]) (\\[[^\\]]*\\])$");
  private static final Pattern ONE = Pattern.compile("^(crash|restart|pause|resume|isolate|skew) (\\d+)(.*)$");

  /** Does this FAULT description start a period of cut links? */
  public static boolean startsNetworkFault(String d) {
    return d != null && (d.startsWith("partition") || d.startsWith("isolate") || d.startsWith("cut") || d.startsWith("bridge"));
  }

  public static boolean healsNetwork(String d) {
    return d != null && (d.startsWith("heal-network") || d.startsWith("heal-all"));
  }

  public static String friendly(String d, RunReport r) {
    if (d == null) {
      return "";
    }
    if (d.startsWith("partition ")) {
      List<List<Integer>> groups = groups(d.substring("partition ".length()));
      if (groups != null) {
        StringBuilder sb = new StringBuilder("partition ");
        for (int g = 0; g < groups.size(); g++) {
          sb.append(g == 0 ? "" : " | ").append(names(groups.get(g), r));
        }
        return sb.toString();
      }
      return d;
    }
    if (d.startsWith("bridge ")) {
      Matcher m = BRIDGE.matcher(d);
      if (m.matches()) {
        List<List<Integer>> left = groups("[" + m.group(2) + "]");
        List<List<Integer>> right = groups("[" + m.group(3) + "]");
        if (left != null && right != null) {
          return "bridge " + r.nameOf(Integer.parseInt(m.group(1))) + " between " + names(left.get(0), r) + " and "
              + names(right.get(0), r);
        }
      }
      return d;
    }
    Matcher link = LINK.matcher(d);
    if (link.matches()) {
      return link.group(1) + " " + r.nameOf(Integer.parseInt(link.group(2))) + "→" + r.nameOf(Integer.parseInt(link.group(3)))
          + link.group(4);
    }
    Matcher one = ONE.matcher(d);
    if (one.matches()) {
      return one.group(1) + " " + r.nameOf(Integer.parseInt(one.group(2))) + one.group(3);
    }
    return d;
  }

  /**
   * Groups of a partition description ("[[0, 1], [2]]"), or null if it does not read as one. Used to tint each
   * lane by the side it is on.
   */
  public static List<List<Integer>> groups(String s) {
    String t = s.trim();
    if (!t.startsWith("[") || !t.endsWith("]")) {
      return null;
    }
    t = t.substring(1, t.length() - 1).trim();
    List<List<Integer>> out = new ArrayList<>();
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('[', i);
      if (open < 0) {
        break;
      }
      int close = t.indexOf(']', open);
      if (close < 0) {
        return null;
      }
      List<Integer> g = new ArrayList<>();
      Matcher m = INT.matcher(t.substring(open + 1, close));
      while (m.find()) {
        g.add(Integer.parseInt(m.group()));
      }
      out.add(g);
      i = close + 1;
    }
    return out;
  }

  private static String names(List<Integer> ids, RunReport r) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(r.nameOf(ids.get(i)));
    }
    return sb.append('}').toString();
  }
}
