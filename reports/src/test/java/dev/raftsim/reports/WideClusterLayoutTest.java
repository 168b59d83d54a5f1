package dev.raftsim.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.reports.internal.SpaceTime;
import dev.raftsim.reports.internal.TraceIndex;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Five servers and three clients in a 1,400 px window (checked by eye in headless Chromium screenshots): the
 * diagram fits beside the details column, and no lane header line is wider than the space between lanes.
 */
class WideClusterLayoutTest {
  /** The widest the diagram may be to show whole in a 1,400 px window beside the 264 px details column. */
  private static final double ROOM = 1_040;
  /** Average glyph width of the 10.5 px header font, generously. */
  private static final double GLYPH = 6.2;

  private static RunReport fiveServersThreeClients() {
    List<String> names = List.of("n1", "n2", "n3", "n4", "n5", "c1", "c2", "c3");
    List<TraceEvent> trace = new ArrayList<>();
    for (int p = 0; p < names.size(); p++) {
      trace.add(new TraceEvent(p, 0, TraceKind.START, p, -1, -1, -1, null));
    }
    List<NodeState> states = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      List<LogCell> log = new ArrayList<>();
      for (int i = 1; i <= 48_300; i += 97) {
        log.add(new LogCell(log.size() + 1, 12, "put x=1"));
      }
      states.add(new NodeState(names.get(p), true, p == 0 ? "CANDIDATE" : "FOLLOWER", 1_234, -1, 47_900, 47_900, log));
    }
    return new RunReport("wide", 1, "5 servers, 3 clients", names, 5, trace, null, states, List.of(), "", "ab", 8, 0);
  }

  @Test
  void fiveServersAndThreeClientsFitAndTheirHeadersDoNotOverlap() {
    RunReport r = fiveServersThreeClients();
    SpaceTime st = new SpaceTime(r, new TraceIndex(r.trace()));
    assertTrue(st.width() <= ROOM, "diagram " + st.width() + " px wide; room for " + ROOM);
    double gap = st.laneX(1) - st.laneX(0);
    String html = HtmlReport.render(r);
    String head = html.substring(html.indexOf("id=\"st-head\""), html.indexOf("</svg>", html.indexOf("id=\"st-head\"")));
    Matcher m = Pattern.compile("<text class=\"(lname|lstate|lsub)\"[^>]*>([^<]*)</text>").matcher(head);
    int lines = 0;
    while (m.find()) {
      lines++;
      double w = m.group(2).length() * GLYPH;
      assertTrue(w < gap - 4, "'" + m.group(2) + "' is about " + w + " px wide; lanes are " + gap + " px apart");
    }
    assertTrue(lines >= 5 * 5 + 3 * 2, "every lane has its header lines: " + lines);
  }
}
