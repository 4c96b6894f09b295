package io.strongroom.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium (Debian's {@code chromium} with its {@code chromedriver}; nothing is
 * downloaded), with its own profile and cookie jar, pointed at the test server.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The WCAG 2.1 A and AA rules (axe-core's tags); best-practice rules are advisory and not held here. */
    private static final List<String> WCAG_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;
    private final List<String> accessibilityViolations = new java.util.ArrayList<>();
    private int accessibilityChecks;

    public Browser(int port, int width, int height) {
        this.base = "https://localhost:" + port;
        try {
            this.profile = Files.createTempDirectory("strongroom-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--lang=en-US");
        if (width < 500) {
            // headless windows cannot be narrower than about 500 px; emulate a phone's viewport instead
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", width, "height", height, "pixelRatio", 2.0)));
        }
        options.setAcceptInsecureCerts(true); // the test server's certificate is self-signed; TLS is tested elsewhere
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads the page and checks it with axe-core ({@link #checkAccessibility()}). */
    public Browser open(String path) {
        driver.get(base + path);
        checkAccessibility();
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().replace(base, "");
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Browser type(String css, String text) {
        WebElement element = find(css);
        element.clear();
        element.sendKeys(text);
        return this;
    }

    public Browser click(String css) {
        find(css).click();
        return this;
    }

    /** Clicks a submit button and waits for the next page. */
    public Browser submit(String css) {
        WebElement before = find("html");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                before.isDisplayed();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true; // "node does not belong to the document": the page was replaced
            }
        });
        waitForReady();
        checkAccessibility();
        return this;
    }

    /**
     * Runs axe-core (WCAG 2.1 A/AA) on the page as it is now and keeps every violation, named by
     * the page, rule and element; {@link #accessibilityViolations()} answers them. Called by
     * {@link #open} and {@link #submit} for every page loaded, and by tests after a script changed
     * the page. Swagger UI (a third-party page) and non-HTML answers are not ours to hold to it.
     */
    public void checkAccessibility() {
        String path = path();
        if (path.startsWith("/swagger-ui") || !"text/html".equals(script("return document.contentType"))) {
            return;
        }
        accessibilityChecks++;
        Results results = new AxeBuilder().withTags(WCAG_AA).analyze(driver);
        for (Rule rule : results.getViolations()) {
            accessibilityViolations.add(path + ": " + rule.getId() + " (" + rule.getImpact() + ", " + rule.getHelp()
                    + ") at " + rule.getNodes().stream().map(node -> node.getHtml()).toList());
        }
    }

    /** Every axe-core violation met on the pages this browser checked. */
    public List<String> accessibilityViolations() {
        return List.copyOf(accessibilityViolations);
    }

    /** How many page states axe-core checked. */
    public int accessibilityChecks() {
        return accessibilityChecks;
    }

    public void waitForReady() {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Waits for the condition; an element htmx replaced meanwhile just means "not yet". */
    public void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.apply(driver));
    }

    public String text() {
        return find("body").getText();
    }

    public Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Console messages of level SEVERE or WARNING (CSP violations and script errors show up here). */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Everything the page keeps in browser storage (N3 says: nothing). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> storage() {
        return (Map<String, Object>) script("""
                var out = {};
                for (var i = 0; i < localStorage.length; i++) { out['local:' + localStorage.key(i)] = localStorage.getItem(localStorage.key(i)); }
                for (var i = 0; i < sessionStorage.length; i++) { out['session:' + sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i)); }
                return out;""");
    }

    public void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
