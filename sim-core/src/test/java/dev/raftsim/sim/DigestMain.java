package dev.raftsim.sim;

/** Run in a separate JVM by DeterminismTest: prints the digest of a gossip run for the seed given. */
public final class DigestMain {
  private DigestMain() {}

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    System.out.println(Long.toHexString(DeterminismTest.digestOf(seed)));
  }
}
