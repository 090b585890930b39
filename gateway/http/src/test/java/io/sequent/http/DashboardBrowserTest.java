package io.sequent.http;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless browser: Debian's Chromium and chromedriver ({@code apt-get install -y chromium
 * chromium-driver}), driven by Selenium. It shows the server ready, the journaled sequence, a book and the recent
 * trade the test made. Skipped, saying what is missing, where the browser or its driver is not installed (browser
 * builds that Selenium Manager would download cannot be fetched here, so it is never asked to).
 */
class DashboardBrowserTest
{
    private static final Path CHROMIUM = Path.of(System.getProperty("sequent.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
        Path.of(System.getProperty("sequent.chromedriver", "/usr/bin/chromedriver"));

    @TempDir
    Path dir;

    @Test
    void theDashboardShowsReadinessABookAndTheRecentTrades() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "the dashboard test needs Chromium and its driver: " + (Files.isExecutable(CHROMIUM) ? "" :
            CHROMIUM + " is missing; ") + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER + " is missing; ") +
            "install them with `apt-get install -y chromium chromium-driver`");
        try (HttpTestServer face = new HttpTestServer(dir.resolve("data")))
        {
            face.accepted(1, "OpenAccount", "{\"accountId\": 11}");
            face.accepted(2, "OpenAccount", "{\"accountId\": 12}");
            face.accepted(1, "Deposit", "{\"accountId\": 11, \"assetId\": 1, \"amount\": 100000}");
            face.accepted(2, "Deposit", "{\"accountId\": 12, \"assetId\": 0, \"amount\": 500}");
            face.accepted(1, "AddInstrument",
                "{\"instrumentId\": 3, \"baseAsset\": 0, \"quoteAsset\": 1, \"priceTick\": 1, \"lotSize\": 1}");
            face.accepted(2, "PlaceOrder", "{\"accountId\": 12, \"clientOrderId\": 1, \"instrumentId\": 3, " +
                "\"side\": \"SELL\", \"timeInForce\": \"GTC\", \"price\": 250, \"quantity\": 40}");
            face.accepted(1, "PlaceOrder", "{\"accountId\": 11, \"clientOrderId\": 1, \"instrumentId\": 3, " +
                "\"side\": \"BUY\", \"timeInForce\": \"GTC\", \"price\": 250, \"quantity\": 15}");

            final ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1200,900", "--user-data-dir=" + dir.resolve("chromium"));
            final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
            final WebDriver browser = new ChromeDriver(service, options);
            try
            {
                browser.get(face.http.url() + "/");
                await(browser, page -> "READY".equals(page.findElement(By.id("status")).getText()));
                await(browser, page -> !page.findElements(By.cssSelector("#trades tbody tr")).isEmpty() &&
                    !page.findElements(By.cssSelector("#books tbody tr")).isEmpty());

                final List<WebElement> trade = browser.findElements(By.cssSelector("#trades tbody tr")).get(0)
                    .findElements(By.tagName("td"));
                assertEquals("3", trade.get(1).getText());
                assertEquals("250", trade.get(2).getText());
                assertEquals("15", trade.get(3).getText());
                assertEquals("BUY", trade.get(4).getText());
                final List<WebElement> book = browser.findElements(By.cssSelector("#books tbody tr")).get(0)
                    .findElements(By.tagName("td"));
                assertEquals("250", book.get(3).getText(), "best ask");
                assertEquals("25", book.get(4).getText(), "open quantity at the best ask");
                final String journaled = browser.findElement(By.id("journaled")).getText().replace(",", "");
                assertTrue(Long.parseLong(journaled) >= 7, journaled);

                final File shot = ((TakesScreenshot)browser).getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
            }
            finally
            {
                browser.quit();
            }
        }
    }

    private static void await(final WebDriver browser, final Predicate<WebDriver> condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.test(browser))
        {
            assertTrue(System.nanoTime() < deadline, "the dashboard never showed it:\n" + browser.getPageSource());
            Thread.sleep(100);
        }
    }
}
