package uk.smartmeter.restricted.bootstrap.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.bootstrap.api.HttpApi;
import uk.smartmeter.restricted.bootstrap.api.MutableClock;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The console in a real browser (issue 19): headless Chromium from Debian's packages, driven as a regulator and as
 * Suppliers would use it. A month is lived through the API on a test clock (two meters Restricted, a gate denial, a
 * DSP outcome log) and published; then, in the browser, a regulator signs in, finds a meter, reads its timeline,
 * asks as-of, sees its gate receipts, verifies an entry's inclusion proof in the browser itself (and sees the check
 * fail once the entry is altered in the database), opens the month's report with its charts, downloads a CSP
 * exclusion list and lists the meters Restricted at a time. A Supplier sees its own meter and, for another's, exactly
 * what it sees for an unknown one. Every page is checked by axe-core (no serious or critical violation of WCAG 2.1
 * A/AA) and photographed under target/console-screenshots.
 */
@Tag("browser")
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ConsoleInTheBrowserTest.TestClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInTheBrowserTest {

    static final String A = "00-DB-12-34-56-78-96-0A";
    static final String B = "00-DB-12-34-56-78-96-0B";
    static final String UNKNOWN = "00-DB-12-34-56-78-96-FF";
    private static final Path DATA = temp();
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static WebDriver browser;
    private static boolean lived;

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    LocalTokenController tokens;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate sql;

    private static Path temp() {
        try {
            return Files.createTempDirectory("restricted-console-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
        properties.add("restricted.reporting.target-service-level", () -> "0.95");
    }

    @BeforeAll
    static void openTheBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800",
                "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A picture of the page as the test left it, on every run (a failed one too). */
    @AfterEach
    void photograph(TestInfo test) throws Exception {
        shot("last-" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebElement await(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void awaitText(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(by,
                text));
    }

    /** axe-core on the page as it stands: no serious or critical violation of WCAG 2.0/2.1 A and AA. */
    private void accessible(String page) throws Exception {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(browser);
        List<Rule> grave = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        assertThat(grave).as(page + ": " + grave.stream().map(rule -> rule.getId() + " (" + rule.getImpact() + "): "
                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(
                ", "))).collect(Collectors.joining("; "))).isEmpty();
        shot(page);
    }

    private void signIn(String party, UserRole role) {
        browser.manage().deleteAllCookies();
        browser.get(url("/console"));
        await(By.id("partyId")).sendKeys(party);
        new Select(browser.findElement(By.id("role"))).selectByValue(role.name());
        browser.findElement(By.id("sign-in")).click();
        awaitText(By.id("signed-in-as"), party + " (" + role.name() + ")");
    }

    /** What the page's own fetch answers: status and body, through the console's session. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fetch(String path) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[1];"
                + " fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(t => done({status: r.status,"
                + " type: r.headers.get('Content-Type'), body: t}))).catch(e => done({status: -1, body: String(e)}));",
                path);
    }

    /** October 2026 through the API, once: A Restricted from the 5th, B from the 10th to the 20th, a denial on A. */
    private void liveTheMonth() throws Exception {
        if (lived) {
            return;
        }
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-R", UserRole.IS);
        clock.set(Instant.parse("2026-10-05T10:00:00Z"));
        for (String[] meter : new String[][] {{A, "NORTH"}, {B, "CENTRAL"}}) {
            assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(meter[0],
                    meter[0].replace("-96-", "-95-"), meter[1], "SUPPLIER-R").replace("\"smiStatus\"",
                    "\"effectiveAt\":\"2026-10-01T00:00:00Z\",\"smiStatus\"")).status()).isEqualTo(201);
        }
        String attestation = "{\"attestation\":{\"reference\":\"RS-OCT\",\"stepsExhaustedOn\":\"2026-09-01\"}}";
        assertThat(api.send("PUT", "/api/v1/devices/" + A + "/restriction", supplier, attestation).status())
                .isEqualTo(200);
        clock.set(Instant.parse("2026-10-10T00:00:00Z"));
        assertThat(api.send("PUT", "/api/v1/devices/" + B + "/restriction", supplier, attestation).status())
                .isEqualTo(200);
        clock.set(Instant.parse("2026-10-12T12:00:00Z"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(api.send("POST",
                "/api/v1/gate/decisions", dcc, "{\"requestId\":\"REQ-A1\",\"senderId\":\"SUPPLIER-R\","
                        + "\"senderRole\":\"IS\",\"srv\":\"4.1.1\",\"deviceId\":\"" + A + "\"}").json()
                .get("responseCode").asText()));
        clock.set(Instant.parse("2026-10-20T00:00:00Z"));
        assertThat(api.send("DELETE", "/api/v1/devices/" + B + "/restriction?reason=CONSUMER_REQUEST", supplier, null)
                .status()).isEqualTo(200);
        clock.set(Instant.parse("2026-11-02T00:00:00Z"));
        Path logs = DATA.resolve("sr-logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("october.csv"), String.join("\n",
                "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms",
                "2026-10-03T12:00:00.000Z,REQ-A0,IS,4.1.1," + A + ",NORTH,DELIVERED,,900",
                "2026-10-12T12:00:00.000Z,REQ-A1,IS,4.1.1," + A + ",NORTH,REJECTED,R1,",
                "2026-10-13T12:00:00.000Z,REQ-A2,IS,11.2," + A + ",NORTH,DELIVERED,,900",
                "2026-10-15T12:00:00.000Z,REQ-B1,IS,4.1.1," + B + ",CENTRAL,NOT_RESPONDING,,",
                "2026-10-25T12:00:00.000Z,REQ-B2,IS,4.1.1," + B + ",CENTRAL,DELIVERED,,800") + "\n");
        long run = api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"october.csv\"]}").json().get("runId").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(api.get("/api/v1/reports/runs/"
                + run, dcc).json().get("state").asText()));
        // the CSP lists and the spans read projections: wait until they have the month
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.get(
                "/api/v1/history/restricted?effective=2026-10-12T00:00:00Z&supplier=SUPPLIER-R", dcc).json()
                .get("meters").size() == 2);
        // the browser's sessions are minted at the real time
        clock.set(Instant.now());
        lived = true;
    }

    @Test
    @Order(1)
    void aRegulatorFindsAMeterReadsItsTimelineAsksAsOfAndSeesItsReceipts() throws Exception {
        liveTheMonth();
        browser.get(url("/console/signin"));
        accessible("01-sign-in");
        signIn("OFGEM", UserRole.REGULATOR);
        await(By.id("summary-table"));
        accessible("02-home");
        browser.findElement(By.id("id")).sendKeys(A);
        browser.findElement(By.id("find")).click();
        await(By.id("timeline-table"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("Restricted").contains("Yes, since 2026-10-05");
        List<WebElement> rows = browser.findElements(By.cssSelector("#timeline-table tbody tr"));
        assertThat(rows).as("enrolment, application, denial").hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.findElement(By.id("timeline-table")).getText()).contains("DeviceEnrolled")
                .contains("RestrictionApplied").contains("GateDenied").contains("2026-10-05T10:00:00Z");
        await(By.id("receipts-table"));
        assertThat(browser.findElement(By.id("receipts-table")).getText()).contains("REQ-A1").contains("R1");
        browser.findElement(By.id("effective")).sendKeys("2026-10-04T00:00:00Z");
        browser.findElement(By.id("ask-as-of")).click();
        awaitText(By.id("as-of-result"), "Restricted then");
        assertThat(browser.findElement(By.id("as-of-result")).getText()).contains("Restricted then No");
        browser.findElement(By.id("effective")).clear();
        browser.findElement(By.id("effective")).sendKeys("2026-10-06T00:00:00Z");
        browser.findElement(By.id("ask-as-of")).click();
        awaitText(By.id("as-of-result"), "Restricted then Yes");
        accessible("03-meter");
        browser.findElement(By.id("effective")).clear();
        browser.findElement(By.id("effective")).sendKeys("0000-01-01T00:00:00Z");
        browser.findElement(By.id("ask-as-of")).click();
        awaitText(By.id("as-of-answer"), "effective:");
        // by MPxN: both meters were enrolled with the same one
        browser.get(url("/console/meter?id=1234567890123"));
        awaitText(By.id("choices"), "2 meters");
        assertThat(browser.findElement(By.id("choices")).getText()).contains(A).contains(B);
    }

    @Test
    @Order(2)
    void aRegulatorVerifiesAnEntrysInclusionProofInTheBrowserAndSeesAnAlteredEntryFail() throws Exception {
        liveTheMonth();
        signIn("OFGEM", UserRole.REGULATOR);
        browser.get(url("/console/meter?id=" + A));
        await(By.id("timeline-table"));
        WebElement applied = browser.findElements(By.cssSelector("#timeline-table tbody tr")).stream()
                .filter(row -> row.getText().contains("RestrictionApplied")).findFirst().orElseThrow();
        String eventId = applied.findElement(By.cssSelector("a")).getText();
        applied.findElement(By.cssSelector("a")).click();
        await(By.id("checkpoint"));
        awaitText(By.id("checkpoint"), "Tree size");
        assertThat(browser.findElement(By.id("eventId")).getAttribute("value")).isEqualTo(eventId);
        browser.findElement(By.id("verify-entry")).click();
        awaitText(By.id("verdict"), "erified");
        assertThat(browser.findElement(By.id("verdict")).getText()).as(browser.findElement(By.id("verification"))
                .getText()).isEqualTo("Verified in this browser");
        assertThat(browser.findElements(By.cssSelector("#verification-steps li"))).hasSize(3)
                .allSatisfy(step -> assertThat(step.getText()).startsWith("Passed"));
        accessible("04-evidence");

        // an auditor's edit of the entry: the server's tables say something else now, and the browser notices
        assertThat(sql.update("UPDATE history_entry SET reason = 'EDITED' WHERE event_id = ?", eventId)).isEqualTo(1);
        browser.navigate().refresh();
        awaitText(By.id("checkpoint"), "Tree size");
        browser.findElement(By.id("verify-entry")).click();
        awaitText(By.id("verdict"), "erified");
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("Not verified");
        assertThat(browser.findElement(By.id("verification-steps")).getText()).contains("Failed");
        shot("05-evidence-altered");
        sql.update("UPDATE history_entry SET reason = NULL WHERE event_id = ?", eventId);
    }

    @Test
    @Order(3)
    void aRegulatorOpensTheMonthsReportWithItsChartsAndDownloadsAnExclusionList() throws Exception {
        liveTheMonth();
        signIn("OFGEM", UserRole.REGULATOR);
        browser.get(url("/console/reports"));
        await(By.id("figures-table"));
        assertThat(new Select(browser.findElement(By.id("month"))).getFirstSelectedOption().getText())
                .isEqualTo("2026-10");
        String figures = browser.findElement(By.id("figures-table")).getText();
        assertThat(figures).contains("TOTAL");
        await(By.cssSelector("#shares-chart canvas"));
        await(By.cssSelector("#days-chart canvas"));
        await(By.id("excluded-table"));
        assertThat(browser.findElement(By.id("excluded-table")).getText()).contains("REQ-A1").contains("GATE_DENIAL");
        assertThat(browser.findElement(By.id("revisions-table")).getText()).contains("1");
        accessible("06-report");

        Map<String, Object> list = fetch(browser.findElement(By.id("exclusion-list-north")).getAttribute("href"));
        assertThat(list.get("status")).isEqualTo(200L);
        assertThat(String.valueOf(list.get("type"))).startsWith("text/csv");
        assertThat(String.valueOf(list.get("body"))).contains(A);
        Map<String, Object> svg = fetch(browser.findElement(By.id("stored-chart")).getAttribute("href"));
        assertThat(String.valueOf(svg.get("body"))).contains("restricted-mode/report-chart/v2")
                .contains("Target Service Level 95.0%");
    }

    @Test
    @Order(4)
    void aRegulatorListsTheMetersRestrictedAtATimeAndADccOperatorSeesOperations() throws Exception {
        liveTheMonth();
        signIn("OFGEM", UserRole.REGULATOR);
        browser.get(url("/console/restricted?effective=2026-10-12T00:00:00Z&supplier=SUPPLIER-R"));
        await(By.id("restricted-table"));
        assertThat(browser.findElement(By.id("restricted-table")).getText()).contains(A).contains(B);
        assertThat(browser.findElement(By.id("total")).getText()).startsWith("2 meter(s)");
        accessible("07-restricted-at");
        browser.findElement(By.id("effective")).clear();
        browser.findElement(By.id("effective")).sendKeys("2026-10-25T00:00:00Z");
        browser.findElement(By.id("ask")).click();
        awaitText(By.id("total"), "1 meter(s)");
        assertThat(browser.findElement(By.id("restricted-table")).getText()).contains(A).doesNotContain(B);
        browser.findElement(By.id("effective")).clear();
        browser.findElement(By.id("effective")).sendKeys("yesterday");
        browser.findElement(By.id("ask")).click();
        awaitText(By.id("problem"), "effective:");

        signIn("DCC-DSP", UserRole.DCC);
        browser.get(url("/console/operations"));
        await(By.id("health-table"));
        assertThat(browser.findElement(By.id("health-table")).getText()).contains("gateIndex");
        accessible("08-operations");
    }

    @Test
    @Order(5)
    void aSupplierSeesItsOwnMeterAndForAnothersExactlyWhatAnUnknownMeterShows() throws Exception {
        liveTheMonth();
        signIn("SUPPLIER-R", UserRole.IS);
        browser.get(url("/console/meter?id=" + A));
        await(By.id("timeline-table"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("SUPPLIER-R");
        assertThat(browser.findElements(By.linkText("Evidence"))).as("no evidence pages for a Supplier").isEmpty();
        accessible("09-supplier-own-meter");

        signIn("SUPPLIER-X", UserRole.IS);
        browser.get(url("/console/meter?id=" + A));
        String another = await(By.id("problem-summary")).getText();
        shot("10-supplier-another-meter");
        browser.get(url("/console/meter?id=" + UNKNOWN));
        String unknown = await(By.id("problem-summary")).getText();
        assertThat(another).isEqualTo(unknown).startsWith("Not found");
        browser.get(url("/console/meter?id=1234567890123"));
        String anotherByMpxn = await(By.id("problem-summary")).getText();
        browser.get(url("/console/meter?id=1234567890999"));
        assertThat(await(By.id("problem-summary")).getText()).isEqualTo(anotherByMpxn).startsWith("Not found");
        assertThat(browser.findElement(By.id("meter")).isDisplayed()).isFalse();
        Map<String, Object> theirs = fetch("/console/api/v1/devices/" + A);
        Map<String, Object> none = fetch("/console/api/v1/devices/" + UNKNOWN);
        assertThat(theirs.get("status")).isEqualTo(404L).isEqualTo(none.get("status"));
        assertThat(String.valueOf(theirs.get("body")).replace(A, "ID"))
                .isEqualTo(String.valueOf(none.get("body")).replace(UNKNOWN, "ID"));
        Map<String, Object> evidence = fetch("/console/api/v1/history/restricted");
        assertThat(evidence.get("status")).as("the API's own refusal").isEqualTo(403L);
    }

    @Test
    @Order(6)
    void aReadAnotherSiteStartsIsRefusedAndAPageARoleCannotUseIsNotServed() throws Exception {
        liveTheMonth();
        signIn("SUPPLIER-R", UserRole.IS);
        browser.get(url("/console/reports"));
        await(By.id("id"));
        assertThat(browser.getCurrentUrl()).as("a Supplier is sent home").endsWith("/console");
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        java.net.http.HttpResponse<String> crossSite = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/console/api/v1/devices/" + A)))
                        .header("Cookie", "JSESSIONID=" + session).header("Sec-Fetch-Site", "cross-site").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(fetch("/console/api/v1/devices/" + A).get("status")).as("its own page's read").isEqualTo(200L);
    }

    @Test
    @Order(7)
    void withoutASessionEveryPageAsksForSignInAndTheApiForwardNeedsOne() {
        browser.manage().deleteAllCookies();
        browser.get(url("/console/reports"));
        await(By.id("partyId"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/signin");
        Map<String, Object> read = fetch("/console/api/v1/reports");
        assertThat(read.get("status")).isEqualTo(401L);
        assertThat(String.valueOf(read.get("body"))).contains("\"code\":\"UNAUTHENTICATED\"");
    }
}
