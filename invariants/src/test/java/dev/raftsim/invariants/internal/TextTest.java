package dev.raftsim.invariants.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void millisecondsAreLocaleFreeAndTrimmed() {
    assertEquals("812.0 ms", Text.ms(812_000));
    assertEquals("812.345 ms", Text.ms(812_345));
    assertEquals("812.3 ms", Text.ms(812_300));
    assertEquals("0.005 ms", Text.ms(5));
    assertEquals("0.0 ms", Text.ms(0));
    assertEquals("-0.5 ms", Text.ms(-500));
    assertEquals("-1.5 ms", Text.ms(-1_500));
  }
}
