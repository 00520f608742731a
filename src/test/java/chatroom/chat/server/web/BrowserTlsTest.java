package chatroom.chat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.support.tls.ClientTls;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TlsChatServer;
import chatroom.testing.TlsChatServer.Heard;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page over https in a real headless Chromium, with a server started with {@code --tls}: typed
 * as http, it arrives over https, opens its WebSocket over wss, and chats with a console client on
 * the TLS port. The certificate is self-signed, so Chromium is told to accept it, as a person does
 * after comparing the fingerprint. Run with {@code mvn verify -Pbrowser}.
 */
@Tag("browser")
class BrowserTlsTest {
  @TempDir Path directory;

  @Test
  void thePageComesOverHttpsAndChatsOverWssWithAConsoleClient() throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    WebDriver browser = null;
    try (TlsChatServer server = TlsChatServer.inDataDir(directory.resolve("data"))) {
      server.startWeb();
      ClientTls tls = server.pinned(directory);
      try (ChatSession registering =
          ChatSession.connect(tls.connect(server.address()), new Heard())) {
        assertTrue(registering.register(100, "alice-pw", "Alice").registered());
        assertTrue(registering.register(300, "carol-pw", "Carol").registered());
      }
      browser = chromium(profile);
      browser.get("http://localhost:" + server.webPort() + "/");
      assertEquals("https://localhost:" + server.webPort() + "/", browser.getCurrentUrl());

      type(browser, "login-id", "100");
      type(browser, "login-password", "alice-pw");
      browser.findElement(By.id("login-button")).click();
      waitForText(browser, By.id("me"), "(100)");

      Heard carolHears = new Heard();
      ChatSession carol = server.connect(tls, carolHears);
      assertEquals(200, carol.login(300, "carol-pw").code());
      waitForText(browser, By.id("online-list"), "Carol (300)");
      carol.sendToAll("hello from a terminal, over TLS");
      waitForText(browser, By.id("messages"), "hello from a terminal, over TLS");

      WebElement box = browser.findElement(By.id("text"));
      ((JavascriptExecutor) browser)
          .executeScript("arguments[0].value = arguments[1];", box, "hello from https");
      browser.findElement(By.id("send-button")).click();
      String heard = carolHears.next();
      while (!heard.startsWith("SmsMes")) {
        heard = carolHears.next();
      }
      assertTrue(heard.contains("content=hello from https, userId=100"), heard);

      Path shots = Files.createDirectories(Path.of("target", "browser"));
      Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, shots.resolve("tls.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      if (browser != null) {
        browser.quit();
      }
      try (var paths = Files.walk(profile)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private static WebDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BrowserChatTest.CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // The test's certificate is self-signed: accepted as a person does once it is checked.
        "--ignore-certificate-errors",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(BrowserChatTest.CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static void type(WebDriver page, String id, String text) {
    WebElement field = page.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  private static void waitForText(WebDriver page, By where, String text) {
    new WebDriverWait(page, ChatServerFixture.WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(where, text));
  }
}
