package chatroom.chat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.ChatText;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.SmsMes;
import chatroom.chat.server.ChatServer;
import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.TestRedis;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import redis.clients.jedis.UnifiedJedis;

/**
 * The web page in a real headless Chromium, driven through chromedriver by Selenium: two browser
 * users and one console client chat in one room. Run with {@code mvn verify -Pbrowser}; it needs
 * Debian's {@code chromium} and {@code chromium-driver} ({@code /usr/bin/chromium}, {@code
 * /usr/bin/chromedriver}), and saves screenshots in {@code target/browser/}.
 */
@Tag("browser")
class BrowserChatTest {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "browser");
  static final String XSS = "<img src=x onerror=alert(1)>";

  private final List<WebDriver> browsers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();
  private UnifiedJedis redis;
  private ChatServer server;
  private int port;
  private int webPort;

  @BeforeEach
  void startServer() throws IOException {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    server = new ChatServer(ChatServerFixture.options(), redis);
    port = server.start(0);
    webPort = server.startWeb(0);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void stopEverything() throws IOException {
    for (WebDriver browser : browsers) {
      browser.quit();
    }
    server.close();
    redis.close();
    for (Path profile : profiles) {
      deleteTree(profile);
    }
  }

  /** A fresh Chromium with a profile of its own, showing the page at {@code width×height}. */
  private WebDriver browser(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    // An alert must stay open for the test to see, not be dismissed quietly.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    WebDriver browser = new ChromeDriver(service, options);
    browsers.add(browser);
    browser.manage().window().setSize(new Dimension(width, height));
    browser.get("http://localhost:" + webPort + "/");
    return browser;
  }

  @Test
  void twoBrowsersAndAConsoleClientChatInOneRoom() throws Exception {
    WebDriver alice = browser(390, 844); // a phone
    WebDriver bob = browser(1100, 800);
    register(alice, 100, "Alice", "alice-pw");
    register(bob, 200, "Bob", "bob-pw");
    logIn(alice, 100, "alice-pw");
    logIn(bob, 200, "bob-pw");
    waitForText(alice, By.id("online-list"), "Bob (200)");

    BlockingQueue<Object> console = new LinkedBlockingQueue<>();
    try (ChatSession carol = ChatSession.connect("localhost", port, listener(console))) {
      assertEquals(200, carol.register(300, "carol-pw", "Carol").code());
      assertEquals(200, carol.login(300, "carol-pw").code());
      waitForText(alice, By.id("online-list"), "Carol (300)");
      waitForText(bob, By.id("online-list"), "Carol (300)");

      // Group chat: the browser's message reaches the other browser and the console.
      say(alice, "hello, everyone");
      waitForMessage(bob, "Alice (100) to everyone", "hello, everyone");
      assertEquals(new SmsMes("hello, everyone", 100, "", "Alice"), next(console));
      carol.sendToAll("hi from a terminal");
      waitForMessage(alice, "Carol (300) to everyone", "hi from a terminal");
      waitForMessage(bob, "Carol (300) to everyone", "hi from a terminal");

      // Private chat: Bob picks Alice from the online list.
      bob.findElement(By.cssSelector("#online-list button[data-user-id='100']")).click();
      waitForText(bob, By.id("target"), "Private chat with Alice (100)");
      say(bob, "just between us");
      waitForText(bob, By.cssSelector("#messages .message.mine:last-child .note"), "delivered");
      waitForMessage(alice, "Bob (200) to you", "just between us");
      assertEquals(200, carol.sendTo(200, "psst, Bob").code());
      waitForMessage(bob, "Carol (300) to you", "psst, Bob");

      // Markup in a message is shown as the characters typed, and runs nothing.
      say(alice, XSS);
      WebElement shown = waitForMessage(bob, "Alice (100) to everyone", XSS);
      assertEquals(XSS, shown.getText());
      assertEquals(0, bob.findElements(By.cssSelector("#messages img")).size(), "no element");
      assertThrows(NoAlertPresentException.class, () -> bob.switchTo().alert());
      screenshot(alice, "alice-phone.png");
      screenshot(bob, "bob-desktop.png");

      // The page checks text with the server's own rule before sending.
      say(alice, "x".repeat(ChatText.MAX_CHARS + 1));
      waitForText(
          alice, By.id("compose-error"), "Not sent: the message is longer than 4096 characters.");

      // A user who does not exist, then a logout that everyone hears about.
      bob.findElement(By.id("target-id")).clear();
      bob.findElement(By.id("target-id")).sendKeys("999");
      bob.findElement(By.id("choose-button")).click();
      waitForText(bob, By.id("target-message"), "Nobody has user id 999.");
      bob.findElement(By.id("logout-button")).click();
      waitForText(bob, By.id("welcome-message"), "You have logged out.");
      waitForAbsent(alice, "#online-list button[data-user-id='200']");
      while (!(next(console) instanceof NotifyUserStatusMes gone && gone.status() == 1)) {
        // skip the other browser's messages until Bob's departure
      }

      // A private message to someone away is kept, and shown when they come back.
      alice.findElement(By.cssSelector("#online-list button[data-user-id='300']")).click();
      waitForText(alice, By.id("target"), "Private chat with Carol (300)");
      alice.findElement(By.id("target-id")).clear();
      alice.findElement(By.id("target-id")).sendKeys("200");
      alice.findElement(By.id("choose-button")).click();
      waitForText(alice, By.id("target-message"), "Bob (200) is offline");
      say(alice, "see you later");
      waitForText(alice, By.cssSelector("#messages .message.mine:last-child .note"), "kept");
      logIn(bob, 200, "bob-pw");
      WebElement kept = waitForMessage(bob, "Alice (100) to you", "see you later");
      WebElement item = kept.findElement(By.xpath("./.."));
      assertTrue(item.getText().contains("sent while you were away"), item.getText());

      // The Go tutorial's client joins the room. It cannot show private messages, so one sent to
      // it is kept, and the page gives the server's reason, not "offline" (found by hand).
      try (GoTutorialClient dave = new GoTutorialClient(port)) {
        assertEquals(200, dave.register(400, "dave-pw", "Dave").code());
        assertEquals(200, dave.login(400, "dave-pw").code());
        dave.sendGroup("hello from the tutorial's client");
        waitForMessage(alice, "Dave (400) to everyone", "hello from the tutorial's client");
        alice.findElement(By.cssSelector("#online-list button[data-user-id='400']")).click();
        waitForText(alice, By.id("target"), "Private chat with Dave (400)");
        say(alice, "can you read this?");
        waitForText(
            alice,
            By.cssSelector("#messages .message.mine:last-child .note"),
            "kept: user 400's program cannot show private messages");
      }
    }
  }

  @Test
  void thePageSaysItIsReconnectingAndLogsInAgainWhenTheServerComesBack() throws Exception {
    WebDriver alice = browser(390, 844);
    register(alice, 100, "Alice", "alice-pw");
    logIn(alice, 100, "alice-pw");
    new WebDriverWait(alice, ChatServerFixture.WAIT)
        .until(ExpectedConditions.textToBe(By.id("status"), "connected"));

    server.close();
    waitForText(alice, By.id("status"), "reconnecting…");
    screenshot(alice, "alice-reconnecting.png");

    server = new ChatServer(ChatServerFixture.options(), redis);
    server.start(port);
    server.startWeb(webPort); // the same address, so the page finds it again
    new WebDriverWait(alice, ChatServerFixture.WAIT.multipliedBy(3))
        .until(ExpectedConditions.textToBe(By.id("status"), "connected"));
    waitForText(alice, By.id("online-list"), "Alice (100)");
    assertEquals(1, server.onlineCount(), "logged in again by itself");
  }

  @Test
  void thePagesRuleForChatTextIsTheServersRule() throws Exception {
    WebDriver page = browser(800, 600);
    List<String> samples =
        List.of(
            "",
            "   ",
            "\u00a0",
            "\u3000\u2028",
            "hello",
            "tab\there, newline\nthere",
            "bell\u0007",
            "del\u007f",
            "c1\u0085",
            "x".repeat(4096),
            "x".repeat(4097),
            "\uD83D\uDE00".repeat(1792),
            "\uD83D\uDE00".repeat(1793),
            "中".repeat(2000),
            "中".repeat(3000),
            "\"".repeat(1792),
            "\"".repeat(1793),
            "\\\n\t".repeat(600),
            "\uD800 lone");
    for (String sample : samples) {
      Object fromPage =
          ((JavascriptExecutor) page)
              .executeScript("return ChatText.problem(arguments[0]);", sample);
      assertEquals(ChatText.problem(sample).orElse(null), fromPage, "for " + describe(sample));
    }
  }

  private static String describe(String sample) {
    return sample.length() > 20
        ? sample.substring(0, 20) + "... (" + sample.length() + " chars)"
        : "'" + sample + "'";
  }

  private static ChatSession.Listener listener(BlockingQueue<Object> heard) {
    return new ChatSession.Listener() {
      @Override
      public void onPush(MessageType type, Object payload) {
        heard.add(payload);
      }

      @Override
      public void onClosed(String reason) {
        heard.add(reason);
      }
    };
  }

  private static Object next(BlockingQueue<Object> heard) throws InterruptedException {
    Object event = heard.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("the console heard nothing within " + ChatServerFixture.WAIT);
    }
    return event;
  }

  private static void register(WebDriver page, int userId, String name, String password) {
    type(page, "register-id", String.valueOf(userId));
    type(page, "register-name", name);
    type(page, "register-password", password);
    page.findElement(By.id("register-button")).click();
    waitForText(page, By.id("welcome-message"), "Registered user " + userId + ". Now log in.");
  }

  private static void logIn(WebDriver page, int userId, String password) {
    type(page, "login-id", String.valueOf(userId));
    type(page, "login-password", password);
    page.findElement(By.id("login-button")).click();
    new WebDriverWait(page, ChatServerFixture.WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("chat")));
    waitForText(page, By.id("me"), "(" + userId + ")");
  }

  private static void type(WebDriver page, String id, String text) {
    WebElement field = page.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** Types into the message box and presses the send button. */
  private static void say(WebDriver page, String text) {
    WebElement box = page.findElement(By.id("text"));
    // sendKeys would type a long text one key at a time; the value is set as a paste would.
    ((JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", box, text);
    page.findElement(By.id("send-button")).click();
  }

  private static void waitForText(WebDriver page, By where, String text) {
    new WebDriverWait(page, ChatServerFixture.WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(where, text));
  }

  private static void waitForAbsent(WebDriver page, String css) {
    new WebDriverWait(page, ChatServerFixture.WAIT)
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), 0));
  }

  /** Waits for a message with this heading and text; returns the element showing its text. */
  private static WebElement waitForMessage(WebDriver page, String heading, String text) {
    return new WebDriverWait(page, ChatServerFixture.WAIT)
        .until(
            driver -> {
              for (WebElement item : driver.findElements(By.cssSelector("#messages .message"))) {
                WebElement body = item.findElement(By.className("text"));
                String from = item.findElement(By.className("from")).getText();
                if (from.equals(heading) && body.getText().equals(text)) {
                  return body;
                }
              }
              return null;
            });
  }

  private static void screenshot(WebDriver page, String name) throws IOException {
    Path shot = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
