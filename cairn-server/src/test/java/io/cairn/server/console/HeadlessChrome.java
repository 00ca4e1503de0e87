package io.cairn.server.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver}, headless, for the console's
 * browser tests. {@link #find()} looks for both on the PATH (or at {@code CAIRN_CHROMIUM} and
 * {@code CAIRN_CHROMEDRIVER}); Selenium Manager is never asked to download a browser.
 *
 * @param browser the browser binary
 * @param driver the chromedriver binary of the same version
 */
record HeadlessChrome(Path browser, Path driver) {

    /** Why the browser tests skip when there is no browser; CI installs both (.ci/run). */
    static final String MISSING = "no chromium and chromedriver on this machine: the web console's browser tests are "
            + "SKIPPED (install them with `apt-get install -y chromium chromium-driver`, as .ci/run does)";

    /** The browser and driver on this machine, or null when either is missing. */
    static HeadlessChrome find() {
        Path browser = locate("CAIRN_CHROMIUM", List.of("chromium", "chromium-browser", "google-chrome"));
        Path driver = locate("CAIRN_CHROMEDRIVER", List.of("chromedriver"));
        return browser == null || driver == null ? null : new HeadlessChrome(browser, driver);
    }

    private static Path locate(String variable, List<String> names) {
        String given = System.getenv(variable);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** A new headless browser with a laptop-sized window that records the page's console. */
    ChromeDriver start() {
        ChromeOptions options = new ChromeOptions().setBinary(browser.toFile())
                // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,860", "--force-prefers-reduced-motion", "--no-first-run",
                        "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
