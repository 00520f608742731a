package chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.SmsResMes;
import chatroom.chat.common.Transfer;
import chatroom.support.OptionTypes;
import chatroom.support.ServerAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The load generator's own parts: its command line, its percentiles, its frame reading. */
class BenchPartsTest {
  @Test
  void optionsHaveDefaultsAndRefuseWhatMakesNoSense() {
    BenchOptions defaults = BenchOptions.parse("group");
    assertEquals(BenchOptions.Mode.GROUP, defaults.mode());
    assertEquals(100, defaults.clients());
    assertEquals(0, defaults.rate());
    assertEquals(OptionalInt.empty(), defaults.window());
    assertEquals(List.of(), defaults.serverPids());
    assertEquals(List.of(new ServerAddress("localhost", 8889)), defaults.servers());

    BenchOptions given =
        BenchOptions.parse(
            "connect",
            "--clients",
            "50_000",
            "--sources",
            "127.0.0.2, 127.0.0.3",
            "--window",
            "0",
            "--server-pid",
            "41,42");
    assertEquals(50_000, given.clients());
    assertEquals(List.of("127.0.0.2", "127.0.0.3"), given.sources());
    assertEquals(OptionalInt.of(0), given.window());
    assertEquals(List.of(41L, 42L), given.serverPids());

    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("flood"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("group", "--tls"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchOptions.parse("group", "--trust", "server.pem"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("group", "--clients"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchOptions.parse("group", "--clients", "1"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchOptions.parse("group", "--server-pid", "x"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("group", "--speed", "9"));
    assertThrows(
        IllegalArgumentException.class,
        () -> BenchOptions.parse("group", "--clients", "5", "--senders", "6"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchOptions.parse("group", "--transport", "udp"));
  }

  @Test
  void websocketClientsUseTheWebPortAndServersSpreadClientsRoundRobin() {
    assertEquals(
        List.of(new ServerAddress("localhost", 8880)),
        BenchOptions.parse("group", "--transport", "websocket").servers());

    BenchOptions nodes =
        BenchOptions.parse("private", "--servers", "localhost:8889, 127.0.0.1:8891,[::1]:8893");
    assertEquals(
        List.of(
            new ServerAddress("localhost", 8889),
            new ServerAddress("127.0.0.1", 8891),
            new ServerAddress("::1", 8893)),
        nodes.servers());
    assertEquals(
        List.of(0, 1, 2, 0), List.of(nodes.node(0), nodes.node(1), nodes.node(2), nodes.node(3)));

    assertThrows(
        IllegalArgumentException.class,
        () -> BenchOptions.parse("group", "--servers", "localhost:8889", "--port", "8891"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchOptions.parse("group", "--servers", "nohost"));
  }

  @Test
  void helpAndMistakesAreAnsweredByPicocli() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int help =
        OptionTypes.run(
            new BenchOptions(), new String[] {"--help"}, new PrintWriter(out), null, () -> 1);
    int wrong =
        OptionTypes.run(
            new BenchOptions(),
            new String[] {"group", "--clinets", "5"},
            null,
            new PrintWriter(err),
            () -> 1);

    assertEquals(0, help);
    assertTrue(out.toString().contains("--transport"), out.toString());
    assertTrue(out.toString().contains("--window"), out.toString());
    assertEquals(2, wrong);
    assertTrue(err.toString().contains("--clients"), err.toString()); // the suggestion
  }

  @Test
  void percentilesAreExactOverMergedSamples() {
    Latencies a = new Latencies();
    Latencies b = new Latencies();
    for (int i = 1; i <= 2000; i++) {
      (i % 2 == 0 ? a : b).record(i); // more than one array's worth, split over two recorders
    }
    long[] all = Latencies.merged(List.of(a, b));

    assertEquals(2000, all.length);
    assertEquals(1000, Latencies.percentile(all, 50));
    assertEquals(1980, Latencies.percentile(all, 99));
    assertEquals(2000, Latencies.percentile(all, 100));
    assertEquals(0, Latencies.percentile(new long[0], 99));
  }

  @Test
  void theTypeOfAFrameIsReadWithoutDecodingIt() throws IOException {
    byte[] frame = Transfer.frame(MessageType.SMS_RES_MES, new SmsResMes(200, "", 5));
    assertEquals("SmsResMes", BenchClient.typeOf(frame, 4, frame.length - 4));

    byte[] mangled = "[1,2,3]".getBytes(StandardCharsets.US_ASCII);
    assertThrows(IOException.class, () -> BenchClient.typeOf(mangled, 0, mangled.length));
  }

  @Test
  void aReceiverCountsMessagesByTheirStampAndReportsFailedAnswers() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8));
    Deliveries deliveries = new Deliveries(report, 3);
    BenchClient.Receiver receiver = deliveries.receiverFor(1);
    long sentAt = System.nanoTime();

    String content = Deliveries.content(2, sentAt, 40);
    assertEquals(40, content.length());
    deliver(receiver, MessageType.PRIVATE_SMS_MES, new PrivateSmsMes(1, content, 7, "b", 0, false));
    deliver(receiver, MessageType.SMS_RES_MES, new SmsResMes(200, "", 2));
    deliver(receiver, MessageType.SMS_RES_MES, new SmsResMes(404, "no user 2", 2));

    assertEquals(1, deliveries.chatReceived());
    assertEquals(1, deliveries.deliveredFrom(2));
    assertEquals(2, deliveries.answeredTo(1));
    long[] latencies = deliveries.latencies();
    assertEquals(1, latencies.length);
    assertTrue(latencies[0] >= 0 && latencies[0] <= System.nanoTime() - sentAt);
    report.errors();
    assertTrue(
        out.toString(StandardCharsets.UTF_8).contains("private message answered 404: 1"),
        out.toString(StandardCharsets.UTF_8));
  }

  /** Found by a newcomer: a wrong --server-pid gave "server CPU: -0.09 cores". */
  @Test
  void aProcessThatEndsDuringTheRunHasNoFigureRatherThanANegativeOne() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8));
    Process server = new ProcessBuilder("sleep", "60").start();
    long noSuchPid = Integer.MAX_VALUE; // above Linux's largest process id
    CpuMeter meter = CpuMeter.start(List.of(server.pid()), Optional.of(noSuchPid));
    server.destroy();
    server.waitFor();
    meter.report(report);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains("-0."), printed);
    assertTrue(printed.contains("server CPU:") && printed.contains("redis CPU:"), printed);
    assertTrue(printed.contains("unknown (process " + server.pid() + " was not"), printed);
    assertTrue(printed.contains("unknown (process " + noSuchPid + " was not"), printed);
  }

  @Test
  void latenciesFromBeforeTheWarmUpEndsAreLeftOut() {
    Deliveries deliveries = new Deliveries(new Report(System.out), 2);
    BenchClient.Receiver receiver = deliveries.receiverFor(0);
    long early = System.nanoTime();
    deliveries.measureLatencyFrom(early + 1);

    deliver(
        receiver,
        MessageType.PRIVATE_SMS_MES,
        new PrivateSmsMes(0, Deliveries.content(1, early, 10), 1, "b", 0, false));

    assertEquals(1, deliveries.chatReceived());
    assertArrayEquals(new long[0], deliveries.latencies());
  }

  private static void deliver(BenchClient.Receiver receiver, MessageType type, Object payload) {
    byte[] frame = Transfer.frame(type, payload);
    receiver.frame(type.wireName(), frame, 4, frame.length - 4);
  }
}
