package dev.raftsim.scenarios;

import dev.raftsim.sim.Fault;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.TimedFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reconfiguration client's requests as fault-plan entries ({@link Fault.Host} actions), and how a schedule draws
 * them. An action is {@code reconfig KIND TARGET}: the host asks whichever server leads when it fires (and does
 * nothing when none does). TARGET is either a pick ({@code #517}: the host chooses among the servers the request can
 * sensibly name in the leader's configuration, the pick modulo their number) or named servers ({@code n4}; for
 * {@code replace} the new voters, {@code n1,n2,n4}). Picks keep a drawn request meaningful whatever the
 * configuration is by then, and when the shrinker drops other actions.
 */
public final class Reconfiguration {
  public static final String STREAM = "reconfig";
  public static final String PREFIX = "reconfig ";
  public static final String AT_ELECTION = "at-election";

  private Reconfiguration() {}

  /** What a request asks for. The first six are requests of the client; the last is the nemesis's. */
  public enum Kind {
    ADD_LEARNER("add-learner"),
    PROMOTE("promote"),
    ADD_VOTER("add-voter"),
    REMOVE("remove"),
    REPLACE("replace"),
    TRANSFER("transfer"),
    /** Partitions the members of the leader's previous configuration from those of its new one. */
    PARTITION_CONFIG("partition-config");

    private final String cliName;

    Kind(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    static Kind fromCliName(String s) {
      for (Kind k : values()) {
        if (k.cliName.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown reconfiguration request '" + s + "'; valid: add-learner, promote, "
          + "add-voter, remove, replace, transfer, partition-config");
    }
  }

  /**
   * One request: a pick ({@code servers == 0}) or named servers (a bit set over node ids; one bit but for {@code
   * replace}). {@code atElection}: armed now, asked of the next leader elected, at once (text suffix {@code
   * at-election}): a new leader that has not committed an entry of its own term yet (the 2015 single-server bug's
   * window).
   */
  public record Action(Kind kind, int pick, long servers, boolean atElection) {
    public Action {
      java.util.Objects.requireNonNull(kind, "kind");
      if (pick < 0) {
        throw new IllegalArgumentException("a pick is not negative");
      }
      if (servers != 0 && kind != Kind.REPLACE && Long.bitCount(servers) != 1) {
        throw new IllegalArgumentException(kind.cliName + " names one server");
      }
      if (servers != 0 && kind == Kind.PARTITION_CONFIG) {
        throw new IllegalArgumentException("partition-config takes a pick (#N), not servers");
      }
    }

    public Action(Kind kind, int pick, long servers) {
      this(kind, pick, servers, false);
    }

    public static Action pick(Kind kind, int pick) {
      return new Action(kind, pick, 0);
    }

    /** This request, armed for the next election ({@code true}) or asked when it fires. */
    public Action atElection(boolean armed) {
      return new Action(kind, pick, servers, armed);
    }

    public static Action of(Kind kind, long servers) {
      if (servers == 0) {
        throw new IllegalArgumentException(kind.cliName + " needs a server");
      }
      return new Action(kind, 0, servers);
    }

    /** The single server named (only when {@code servers != 0} and the kind is not replace). */
    public int server() {
      return Long.numberOfTrailingZeros(servers);
    }

    public String describe() {
      return PREFIX + kind.cliName + " " + (servers == 0 ? "#" + pick : names(servers)) + (atElection ? " " + AT_ELECTION
          : "");
    }

    public Fault.Host toFault() {
      return new Fault.Host(describe());
    }
  }

  /** "n1,n2,n4" for a bit set of node ids. */
  public static String names(long set) {
    StringBuilder sb = new StringBuilder();
    for (long s = set; s != 0; s &= s - 1) {
      sb.append(sb.length() == 0 ? "" : ",").append('n').append(Long.numberOfTrailingZeros(s) + 1);
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  public static boolean isReconfiguration(Fault f) {
    return f instanceof Fault.Host h && h.action().startsWith(PREFIX);
  }

  /** Parses {@code reconfig KIND TARGET} for a cluster of {@code nodes} servers; one-line IllegalArgumentException. */
  public static Action parse(String text, int nodes) {
    String[] w = text.trim().split("\\s+");
    boolean armed = w.length == 4 && w[3].equals(AT_ELECTION);
    if (w.length != 3 && !armed || !w[0].equals(PREFIX.trim())) {
      throw new IllegalArgumentException("host action '" + text + "' is not 'reconfig KIND #PICK' or 'reconfig KIND nN'"
          + " (optionally followed by " + AT_ELECTION + ")");
    }
    return parseRequest(w, nodes, text).atElection(armed);
  }

  private static Action parseRequest(String[] w, int nodes, String text) {
    Kind kind = Kind.fromCliName(w[1]);
    String target = w[2];
    if (target.startsWith("#")) {
      int pick;
      try {
        pick = Integer.parseInt(target.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("host action '" + text + "': pick '" + target + "' is not #N");
      }
      return Action.pick(kind, pick);
    }
    long set = 0;
    for (String name : target.split(",")) {
      set |= 1L << serverNamed(name, nodes, text);
    }
    return Action.of(kind, set);
  }

  private static int serverNamed(String name, int nodes, String text) {
    String n = name.toLowerCase(Locale.ROOT);
    try {
      if (n.startsWith("n")) {
        int id = Integer.parseInt(n.substring(1)) - 1;
        if (id >= 0 && id < nodes) {
          return id;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new IllegalArgumentException("host action '" + text + "': '" + name + "' is not a server n1..n" + nodes);
  }

  /**
   * The requests a schedule draws before {@code healAtMicros} from its own stream (so the fault plan drawn from the
   * seed stays the same), each possibly followed by a nemesis action aimed at it: the leader crashed a few
   * milliseconds into the change (restarted later), or the members of its old configuration partitioned from the
   * new ones (healed later), or the leader cut off in a minority while the next leader elected is asked for another
   * change the moment it wins; after a transfer, the old leader cut off from the servers right after its TimeoutNow.
   */
  public static List<TimedFault> draw(ReconfigKnobs knobs, int nodes, long seed, long healAtMicros) {
    List<TimedFault> out = new ArrayList<>();
    if (!knobs.on()) {
      return out;
    }
    Prng r = Prng.derive(seed, STREAM);
    ReconfigKnobs.Mix mix = knobs.mix();
    int total = 0;
    for (int k = 0; k < mix.kinds(); k++) {
      total += mix.weight(k);
    }
    long meanGap = Math.max(1, (long) (1_000_000 / knobs.perSecond()));
    long t = 300_000; // after the first election
    long nemesisBusyUntil = 0;
    while (true) {
      t += 1 + r.exponential(meanGap);
      if (t >= healAtMicros) {
        break;
      }
      int w = r.nextInt(total);
      int k = 0;
      while (w >= mix.weight(k)) {
        w -= mix.weight(k);
        k++;
      }
      Kind kind = Kind.values()[k];
      out.add(new TimedFault(t, Action.pick(kind, r.nextInt(1 << 16)).toFault()));
      if (kind == Kind.TRANSFER && r.nextInt(100) < knobs.nemesisPercent() && t >= nemesisBusyUntil) {
        // The old leader is cut off from the servers right after its TimeoutNow went out: it never hears of its
        // successor's term, and clients that still take it for the leader keep asking it (openraft #1749).
        long at = t + 1 + r.exponential(500);
        long end = Math.min(at + 50_000 + r.exponential(300_000), healAtMicros);
        if (at < end) {
          out.add(new TimedFault(at, new Fault.PartitionPrimary(1)));
          out.add(new TimedFault(end, new Fault.HealNetwork()));
          nemesisBusyUntil = end;
        }
      } else if (kind != Kind.TRANSFER && r.nextInt(100) < knobs.nemesisPercent() && t >= nemesisBusyUntil) {
        // Drawn first: a draw right after the two exponentials came out 0 every time for some seeds.
        int style = r.nextInt(3);
        long at = t + r.exponential(5_000);
        long end = Math.min(at + 20_000 + r.exponential(300_000), healAtMicros);
        if (at >= end) {
          continue;
        }
        if (style == 0) {
          out.add(new TimedFault(at, new Fault.CrashPrimary()));
          out.add(new TimedFault(end, new Fault.RestartPrimary()));
        } else if (style == 1) {
          // The 2015 single-server pattern: the leader is cut off in a minority just before it is asked (so its
          // change reaches the minority only), and its successor on the majority side is asked for another change
          // the moment it wins, before it can have committed an entry of its own term.
          Kind next = Kind.values()[r.nextInt(Kind.REPLACE.ordinal() + 1)];
          out.add(new TimedFault(t - 1, new Fault.PartitionPrimary(1 + r.nextInt(Math.max(1, (nodes - 1) / 2)))));
          out.add(new TimedFault(t, Action.pick(next, r.nextInt(1 << 16)).atElection(true).toFault()));
          end = Math.min(t + 300_000 + r.exponential(300_000), healAtMicros); // long enough for an election
          out.add(new TimedFault(end, new Fault.HealNetwork()));
        } else {
          out.add(new TimedFault(at, Action.pick(Kind.PARTITION_CONFIG, r.nextInt(1 << 16)).toFault()));
          out.add(new TimedFault(end, new Fault.HealNetwork()));
        }
        nemesisBusyUntil = end;
      }
    }
    return out;
  }
}
