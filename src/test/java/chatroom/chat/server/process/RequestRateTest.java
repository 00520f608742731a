package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RequestRate rate = new RequestRate(5, 20, now::get);

  @Test
  void aBurstGoesAtOnceThenEachRequestWaitsAFifthOfASecond() {
    for (int i = 0; i < 20; i++) {
      assertEquals(0, rate.take(), "request " + i + " of the burst");
    }
    assertEquals(200_000_000L, rate.take());
    assertEquals(400_000_000L, rate.take(), "the debt adds up while the sender keeps sending");
  }

  @Test
  void tokensComeBackWithTimeButNoMoreThanTheBurst() {
    for (int i = 0; i < 20; i++) {
      rate.take();
    }
    now.addAndGet(1_000_000_000L); // a second: five tokens
    for (int i = 0; i < 5; i++) {
      assertEquals(0, rate.take());
    }
    assertTrue(rate.take() > 0);
    now.addAndGet(3_600_000_000_000L); // an hour idle still saves only the burst
    for (int i = 0; i < 20; i++) {
      assertEquals(0, rate.take());
    }
    assertTrue(rate.take() > 0);
  }

  @Test
  void zeroMeansNoLimit() {
    RequestRate none = new RequestRate(0, 1, now::get);
    for (int i = 0; i < 100_000; i++) {
      assertEquals(0, none.take());
    }
  }
}
