package org.example.tinyraft;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.ImplementationOption;
import dev.raftsim.spi.MessageFormat;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftImplementation;
import dev.raftsim.spi.RaftServer;
import org.example.tinyraft.Messages.Append;
import org.example.tinyraft.Messages.AppendReply;
import org.example.tinyraft.Messages.Entry;
import org.example.tinyraft.Messages.RequestVote;
import org.example.tinyraft.Messages.Vote;
import java.util.List;

/**
 * A small but complete Raft (elections, log replication, commitment, persistence, restart) with a key-value and
 * counter state machine, plugged into raftsim through its SPI. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.raftsim.spi.RaftImplementation} as {@code example-adapter}, so that {@code ./raftsim
 * run --impl example-adapter --classpath target/classes} runs it. This class is the stateless factory; the node is
 * {@link TinyRaftServer}.
 */
public class TinyRaft implements RaftImplementation {
  @Override
  public String name() {
    return "example-adapter";
  }

  @Override
  public String version() {
    return "1.0";
  }

  @Override
  public String description() {
    return "the example project's small Raft (docs/bring-your-own-raft.md walks through it)";
  }

  /** A planted bug of our own, off unless a run switches it on (the CLI's {@code --bug vote-twice}). */
  public static final String VOTE_TWICE = "vote-twice";

  @Override
  public List<ImplementationOption> options() {
    return List.of(new ImplementationOption(VOTE_TWICE,
        "grants its vote to every up-to-date candidate, even a second one in the same term"));
  }

  @Override
  public MessageFormat messageFormat() {
    return FORMAT;
  }

  @Override
  public RaftServer newServer(NodeSetup setup, NodeHost host) {
    return new TinyRaftServer(setup, host);
  }

  /** SplitMix64's finaliser: spreads bits so that combined fields make a good 64-bit fingerprint. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A value-based digest of an entry: its term and its command (the same in every JVM). */
  static long entryDigest(Entry e) {
    long h = mix(0x656e747279L ^ e.term());
    ClientCommand c = e.command();
    if (c == null) {
      return h;
    }
    h = mix(h ^ c.clientId());
    h = mix(h ^ c.seq());
    return mix(h ^ c.operation().fingerprint());
  }

  private static final MessageFormat FORMAT = new MessageFormat() {
    @Override
    public long fingerprint(Object m) {
      // Exact classes, most frequent first: this runs at every send and delivery.
      if (m instanceof Append a) {
        long h = mix(1 ^ a.term());
        h = mix(h ^ a.leader() ^ ((long) a.prevIndex() << 8));
        h = mix(h ^ a.prevTerm() ^ ((long) a.leaderCommit() << 32));
        for (Entry e : a.entries()) {
          h = mix(h ^ entryDigest(e));
        }
        return h;
      }
      if (m instanceof AppendReply r) {
        return mix(mix(2 ^ r.term()) ^ (r.success() ? 1 : 0) ^ ((long) r.matchIndex() << 1));
      }
      if (m instanceof RequestVote v) {
        return mix(mix(mix(3 ^ v.term()) ^ v.candidate() ^ ((long) v.lastIndex() << 8)) ^ v.lastTerm());
      }
      if (m instanceof Vote v) {
        return mix(mix(4 ^ v.term()) ^ (v.granted() ? 1 : 0));
      }
      throw new IllegalArgumentException("not a TinyRaft message: " + m.getClass().getName());
    }

    @Override
    public String summary(Object m) {
      if (m instanceof Append a) {
        return "AE t" + a.term() + " prev=" + a.prevIndex() + "/" + a.prevTerm() + " n=" + a.entries().size()
            + " commit=" + a.leaderCommit();
      }
      if (m instanceof AppendReply r) {
        return "AE-reply t" + r.term() + (r.success() ? " ok match=" : " no last=") + r.matchIndex();
      }
      if (m instanceof RequestVote v) {
        return "RV t" + v.term() + " last=" + v.lastIndex() + "/" + v.lastTerm();
      }
      if (m instanceof Vote v) {
        return "vote t" + v.term() + (v.granted() ? " yes" : " no");
      }
      return m.getClass().getSimpleName();
    }
  };
}
