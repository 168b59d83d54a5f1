package dev.raftsim.reports.internal;

/**
 * Colours that mean the same thing everywhere in a report: one colour per term (logs and term badges), one per
 * role. Terms cycle through a palette chosen to stay distinguishable next to each other.
 */
public final class Palette {
  private Palette() {}

  private static final String[] TERM = {
    "#74c0fc", "#ffa94d", "#8ce99a", "#e599f7", "#ffd43b", "#66d9e8", "#ff8787", "#b197fc", "#c0eb75", "#faa2c1",
    "#a9e34b", "#91a7ff"
  };

  /** Background colour for cells of {@code term}; term 0 (before any election) is grey. */
  public static String term(long term) {
    if (term <= 0) {
      return "#dee2e6";
    }
    return TERM[(int) ((term - 1) % TERM.length)];
  }

  public static String role(String role) {
    if (role == null) {
      return "#ced4da";
    }
    return switch (role) {
      case "LEADER" -> "#2b8a3e";
      case "CANDIDATE" -> "#f08c00";
      case "FOLLOWER" -> "#adb5bd";
      default -> "#868e96";
    };
  }

  /** Short letter shown in term badges: L, C, F. */
  public static String roleLetter(String role) {
    if (role == null || role.isEmpty()) {
      return "?";
    }
    return role.substring(0, 1);
  }
}
