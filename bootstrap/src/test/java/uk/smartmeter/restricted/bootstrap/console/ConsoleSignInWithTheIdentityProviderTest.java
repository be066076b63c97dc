package uk.smartmeter.restricted.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;

/**
 * The console's production login (issue 19): the service in jwt mode, with no token minting, signs a person in by
 * OpenID Connect authorisation code against a real authorisation server started here ({@link IdentityProvider}),
 * keeps the access token in the session (the page never sees it: no cookie but the session's, nothing in the page's
 * storage), and reads the API with it as the party the token names.
 */
@Tag("browser")
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleSignInWithTheIdentityProviderTest {

    private static final int PROVIDER_PORT = freePort();
    private static final int CONSOLE_PORT = freePort();
    private static ConfigurableApplicationContext provider;
    private static WebDriver browser;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void production(DynamicPropertyRegistry properties) throws Exception {
        provider = IdentityProvider.start(PROVIDER_PORT, CONSOLE_PORT);
        // another host name than the console's, so that the two sessions' cookies stay apart
        String issuer = "http://127.0.0.1:" + PROVIDER_PORT;
        Path dir = Files.createTempDirectory("restricted-oidc-");
        properties.add("restricted.data-dir", dir::toString);
        // production mode generates no history signing key: the operator provides one
        uk.smartmeter.restricted.adapter.store.Ed25519KeyFile.write(dir.resolve("history-signing-key.pem"),
                uk.smartmeter.restricted.adapter.store.Ed25519KeyFile.generate());
        properties.add("server.port", () -> CONSOLE_PORT);
        properties.add("restricted.api.auth.mode", () -> "jwt");
        properties.add("restricted.api.auth.issuer", () -> issuer);
        properties.add("restricted.api.auth.jwk-set-uri", () -> issuer + "/oauth2/jwks");
        String registration = "spring.security.oauth2.client.registration.console.";
        properties.add(registration + "client-id", () -> "restricted-mode-console");
        properties.add(registration + "client-secret", () -> "console-secret");
        properties.add(registration + "authorization-grant-type", () -> "authorization_code");
        properties.add(registration + "redirect-uri", () -> "{baseUrl}/console/login/oauth2/code/{registrationId}");
        properties.add(registration + "scope", () -> "openid");
        properties.add("spring.security.oauth2.client.provider.console.issuer-uri", () -> issuer);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aRegulatorSignsInAtTheIdentityProviderAndTheConsoleReadsTheApiAsThePartyItsTokenNames() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(
                System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"))).build(), options);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Path shots = Files.createDirectories(Path.of("target", "console-screenshots"));
        try {
            browser.get("http://localhost:" + CONSOLE_PORT + "/console/restricted");
            wait.until(ExpectedConditions.urlContains("127.0.0.1:" + PROVIDER_PORT));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(IdentityProvider.PERSON);
            browser.findElement(By.name("password")).sendKeys(IdentityProvider.PASSWORD);
            Files.write(shots.resolve("20-identity-provider.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in-as"), "OFGEM (REGULATOR)"));
            assertThat(browser.getCurrentUrl()).startsWith("http://localhost:" + CONSOLE_PORT + "/console");
            assertThat(browser.getPageSource()).doesNotContain("Development");

            browser.get("http://localhost:" + CONSOLE_PORT + "/console/restricted");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("restricted-table")));
            Files.write(shots.resolve("21-signed-in-by-oidc.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[0]; fetch('/console/api/v1/history/checkpoints/key').then(r => r.text()"
                            + ".then(t => done({status: r.status, body: t})));");
            assertThat(read.get("status")).isEqualTo(200L);
            // the token stays on the server: the only cookie is the session's, and the page's storage is empty
            assertThat(browser.manage().getCookies()).extracting(Cookie::getName).containsExactly("JSESSIONID");
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return localStorage.length + sessionStorage.length")).isEqualTo(0L);
            assertThat(browser.getPageSource()).doesNotContain("eyJ");
            // production has no development sign-in
            browser.get("http://localhost:" + CONSOLE_PORT + "/console/signin");
            assertThat(browser.findElements(By.id("partyId"))).isEmpty();
        } finally {
            Files.write(shots.resolve("last-oidc.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }
}
