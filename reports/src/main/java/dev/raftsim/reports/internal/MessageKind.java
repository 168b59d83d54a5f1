package dev.raftsim.reports.internal;

/**
 * How the diagram colours a message, judged from its summary text (first word) and whether a client is an end.
 * The classes are CSS class suffixes ({@code k-vote} ...), the markers are arrowhead ids.
 */
public enum MessageKind {
  VOTE("vote", "vote request"),
  APPEND("append", "append entries"),
  REPLY("reply", "reply"),
  CLIENT("client", "client traffic"),
  OTHER("other", "other");

  public final String css;
  public final String label;

  MessageKind(String css, String label) {
    this.css = css;
    this.label = label;
  }

  public static MessageKind of(String summary, boolean clientEnd) {
    if (clientEnd) {
      return CLIENT;
    }
    String head = firstWord(summary);
    return switch (head) {
      case "RV", "RequestVote", "PreVote", "PV" -> VOTE;
      case "AE", "AppendEntries", "Heartbeat", "HB", "Snapshot", "IS" -> APPEND;
      case "RVR", "AER", "PVR", "RequestVoteReply", "AppendEntriesReply", "ISR" -> REPLY;
      default -> head.startsWith("Client") ? CLIENT : head.endsWith("Reply") || head.endsWith("Response") ? REPLY : OTHER;
    };
  }

  public static String firstWord(String s) {
    if (s == null) {
      return "";
    }
    int i = 0;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '(' && s.charAt(i) != '{') {
      i++;
    }
    return s.substring(0, i);
  }

  /** Appends that carry no entries (Raft heartbeats) are drawn thinner: they are most of the traffic. */
  public static boolean isHeartbeat(String summary) {
    return summary != null && summary.startsWith("AE") && summary.contains(" n=0");
  }

  /** A reply that says no (vote denied, append rejected) is drawn dashed. */
  public static boolean isNegativeReply(String summary) {
    if (summary == null) {
      return false;
    }
    for (String w : summary.split("[\\s(),]+")) {
      switch (w) {
        case "denied", "rejected", "reject", "fail", "failed", "false", "no", "!ok", "nack" -> {
          return true;
        }
        default -> { }
      }
    }
    return false;
  }
}
