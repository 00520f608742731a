package chatroom.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
  private static InetAddress at(String address) throws Exception {
    return InetAddress.getByName(address);
  }

  @Test
  void eachAddressHasItsShareAndAClosedConnectionGivesItBack() throws Exception {
    ConnectionLimit limit = new ConnectionLimit(10, 2, Set.of());
    assertEquals(Optional.empty(), limit.tryOpen(at("10.0.0.1")));
    assertEquals(Optional.empty(), limit.tryOpen(at("10.0.0.1")));
    assertTrue(limit.tryOpen(at("10.0.0.1")).orElseThrow().contains("from your address"));
    assertEquals(Optional.empty(), limit.tryOpen(at("10.0.0.2")), "another address");
    limit.closed(at("10.0.0.1"));
    assertEquals(Optional.empty(), limit.tryOpen(at("10.0.0.1")));
    assertEquals(3 + 1 - 1, limit.open());
  }

  @Test
  void anIpv6AddressCountsByItsSlash64AndAnExemptAddressByNothing() throws Exception {
    ConnectionLimit limit = new ConnectionLimit(10, 1, Set.of(at("127.0.0.1")));
    assertEquals(Optional.empty(), limit.tryOpen(at("2001:db8::1")));
    assertTrue(limit.tryOpen(at("2001:db8::ffff")).isPresent(), "the same /64");
    assertEquals(Optional.empty(), limit.tryOpen(at("2001:db8:0:1::1")), "another /64");
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.empty(), limit.tryOpen(at("127.0.0.1")), "exempt");
    }
  }

  @Test
  void theWholeServerHasItsLimitWhateverTheAddress() throws Exception {
    ConnectionLimit limit = new ConnectionLimit(2, 0, Set.of());
    limit.tryOpen(at("10.0.0.1"));
    limit.tryOpen(at("10.0.0.2"));
    assertEquals(Optional.of("the server is full; try later"), limit.tryOpen(at("10.0.0.3")));
  }
}
