package chatroom.chat.server.model;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns passwords into salted, deliberately slow hashes (PBKDF2 with HMAC-SHA256, from the JDK).
 *
 * <p>Why: whoever gets a copy of the Redis data must not learn the passwords. A random salt per
 * user makes precomputed tables useless, and thousands of hash rounds make every single guess
 * expensive. A stored hash reads {@code pbkdf2-sha256$<rounds>$<salt>$<hash>}, so changing the
 * number of rounds later does not lock anyone out.
 */
public final class PasswordHasher {
  /**
   * The default number of rounds: 600 000, the OWASP Password Storage Cheat Sheet's minimum for
   * PBKDF2-HMAC-SHA256. About 0.2-0.3 s per hash on one core of a small cloud machine: barely
   * noticed by a person logging in, ruinous for someone trying millions of guesses.
   */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /** A hasher that makes new hashes with {@code iterations} rounds (at least 1). */
  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
    }
    this.iterations = iterations;
  }

  /** The rounds used for new hashes. */
  public int iterations() {
    return iterations;
  }

  /** A new salted hash of {@code password}, safe to store. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * True if {@code password} is the one {@code storedHash} was made from. The comparison takes the
   * same time however many bytes match, so timing reveals nothing.
   */
  public boolean matches(String password, String storedHash) {
    String[] parts = storedHash.split("\\$");
    if (password.isEmpty() || parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int rounds = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return rounds > 0 && MessageDigest.isEqual(expected, pbkdf2(password, salt, rounds));
    } catch (IllegalArgumentException corrupt) {
      return false;
    }
  }

  private static byte[] pbkdf2(String password, byte[] salt, int rounds) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
