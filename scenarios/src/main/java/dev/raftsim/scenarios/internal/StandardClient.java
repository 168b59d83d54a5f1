package dev.raftsim.scenarios.internal;

import dev.raftsim.sim.Prng;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.ClientHost;
import dev.raftsim.spi.RaftClient;

/**
 * The host's client protocol, for implementations without one of their own: a {@link Call} carries a command to a
 * server (delivered as {@code RaftServer.onClientCommand}), an {@link Answer} comes back through {@code
 * NodeHost.reply}. One command at a time, retried with the same (clientId, seq): a refusal with a leader hint goes
 * there at once; a refusal without one, or silence until the retry timer, moves to the next server.
 */
final class StandardClient implements RaftClient {
  static final int RETRY_TIMER = 0;

  /** A client's command on its way to a server. */
  record Call(ClientCommand command) {
    long fingerprint() {
      long h = Prng.mix64(0x43414c4cL ^ command.clientId());
      h = Prng.mix64(h ^ command.seq());
      return Prng.mix64(h ^ command.operation().fingerprint());
    }

    String summary() {
      return "call " + command.operation().describe() + " (c" + command.clientId() + "#" + command.seq() + ")";
    }
  }

  /** A server's answer to a {@link Call}. */
  record Answer(int clientId, long seq, boolean ok, String result, int leaderHint) {
    long fingerprint() {
      long h = Prng.mix64(0x414e5357L ^ clientId);
      h = Prng.mix64(h ^ seq);
      h = Prng.mix64(h ^ (ok ? 1 : 2) ^ ((long) leaderHint << 8));
      return Prng.mix64(h ^ (result == null ? 0 : Prng.stringKey(result)));
    }

    String summary() {
      return (ok ? "ok" : "refused") + " c" + clientId + "#" + seq + (result == null ? "" : " -> \"" + result + "\"")
          + (leaderHint >= 0 ? " leader=n" + (leaderHint + 1) : "");
    }
  }

  private final int clusterSize;
  private final ClientHost host;
  private int leaderGuess;
  private int attemptTarget = -1;
  private ClientCommand inFlight;

  StandardClient(int clientId, int clusterSize, ClientHost host) {
    this.clusterSize = clusterSize;
    this.host = host;
    this.leaderGuess = clientId % clusterSize;
  }

  @Override
  public void invoke(ClientCommand command) {
    inFlight = command;
    sendAttempt();
  }

  private void sendAttempt() {
    attemptTarget = leaderGuess;
    host.send(leaderGuess, new Call(inFlight));
    host.setTimer(RETRY_TIMER, host.retryMicros());
  }

  @Override
  public void onMessage(int from, Object message) {
    if (!(message instanceof Answer a)) {
      throw new IllegalStateException("client " + host.self() + " received " + message.getClass().getSimpleName()
          + " from n" + (from + 1) + ", not an answer");
    }
    if (inFlight == null || a.seq() != inFlight.seq()) {
      return; // late or duplicated
    }
    if (a.ok()) {
      inFlight = null;
      host.cancelTimer(RETRY_TIMER);
      host.completed(a.seq(), a.result());
      return;
    }
    if (from != attemptTarget) {
      return; // only the latest attempt's refusal moves the client on
    }
    if (a.leaderHint() >= 0 && a.leaderHint() < clusterSize && a.leaderHint() != from) {
      leaderGuess = a.leaderHint();
      sendAttempt();
    } else {
      leaderGuess = (from + 1) % clusterSize; // an election is going on: wait for the retry timer
      attemptTarget = -1;
    }
  }

  @Override
  public void onTimer(int timer) {
    if (inFlight == null) {
      return;
    }
    if (attemptTarget >= 0) {
      leaderGuess = (attemptTarget + 1) % clusterSize;
    }
    sendAttempt();
  }
}
