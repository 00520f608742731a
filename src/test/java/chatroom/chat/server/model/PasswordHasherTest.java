package chatroom.chat.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void aHashNamesItsAlgorithmAndRoundsAndHidesThePassword() {
    String hash = hasher.hash("hunter2");
    String[] parts = hash.split("\\$");
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals("1000", parts[1]);
    assertEquals(4, parts.length);
    assertFalse(hash.contains("hunter2"));
  }

  @Test
  void theRightPasswordMatchesAndAnyOtherDoesNot() {
    String hash = hasher.hash("hunter2");
    assertTrue(hasher.matches("hunter2", hash));
    assertFalse(hasher.matches("hunter3", hash));
    assertFalse(hasher.matches("Hunter2", hash));
    assertFalse(hasher.matches("", hash));
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
    assertNotEquals(hasher.hash("same"), hasher.hash("same"));
  }

  @Test
  void aHashMadeWithOtherRoundsStillMatchesAfterTheCostChanges() {
    String old = new PasswordHasher(10).hash("hunter2");
    assertTrue(hasher.matches("hunter2", old), "the rounds stored in the hash are used");
  }

  @Test
  void aCorruptOrForeignStoredValueNeverMatches() {
    assertFalse(hasher.matches("x", "x"));
    assertFalse(hasher.matches("x", "md5$1$abc$def"));
    assertFalse(hasher.matches("x", "pbkdf2-sha256$notanumber$AAAA$AAAA"));
    assertFalse(hasher.matches("x", "pbkdf2-sha256$0$AAAA$AAAA"));
    assertFalse(hasher.matches("x", "pbkdf2-sha256$10$%%%$AAAA"));
  }

  @Test
  void theDefaultCostIsTheOwaspMinimum() {
    assertEquals(600_000, PasswordHasher.DEFAULT_ITERATIONS);
    assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
  }
}
