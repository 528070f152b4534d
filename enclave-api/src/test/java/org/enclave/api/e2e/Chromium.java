package org.enclave.api.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by the system's chromedriver (Debian {@code chromium} and {@code
 * chromium-driver}), never a downloaded one. Each instance is a separate browser profile: its own
 * cookies, its own sign-in.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path ARTIFACTS = Path.of("target", "browser-artifacts");

  private Chromium() {}

  /** Fails, naming the Debian packages, when the browser or its driver is not installed. */
  static void require() {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new AssertionError(
          "the browser tests need "
              + BROWSER
              + " and "
              + DRIVER
              + ": install the Debian packages with"
              + " apt-get install -y --no-install-recommends chromium chromium-driver"
              + " (./enclave test installs them)");
    }
  }

  static WebDriver start() {
    require();
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000");
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium refuses to run as root with its sandbox
    }
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /** Saves what the browser shows as {@code target/browser-artifacts/<name>.png}. */
  static void screenshot(WebDriver driver, String name) {
    try {
      Files.createDirectories(ARTIFACTS);
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(ARTIFACTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
