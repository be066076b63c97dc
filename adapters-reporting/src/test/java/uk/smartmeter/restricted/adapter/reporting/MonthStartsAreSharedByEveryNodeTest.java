package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.FlagChange;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterState;

/**
 * Month starts in the database: kept by one node, read by another exactly as kept (over several chunks), refused when
 * a stored byte changes, and the latest months only kept.
 */
class MonthStartsAreSharedByEveryNodeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-02T00:00:00Z"), ZoneOffset.UTC);

    private static JdbcMonthStarts node(DriverManagerDataSource database) {
        return new JdbcMonthStarts(new JdbcTemplate(database),
                new TransactionTemplate(new DataSourceTransactionManager(database)), CLOCK);
    }

    private static List<MeterState> fleet(int meters) {
        List<MeterState> states = new ArrayList<>();
        for (int n = 0; n < meters; n++) {
            boolean gas = n % 5 < 2;
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n);
            states.add(new MeterState(DeviceId.fromEui64(0x00DB_0000_0000_0000L + n), n % 97 == 0 ? null
                    : gas ? DeviceType.GSME : DeviceType.ESME, CspRegion.values()[n % 3], SmetsVersion.SMETS2, at,
                    SmiStatus.COMMISSIONED, at, "SUPPLIER-" + (n % 20) + (gas ? "/GS" : "/IS"), at,
                    gas ? DeviceId.fromEui64(0x00DC_0000_0000_0000L + n) : null,
                    n % 50 == 7 ? new FlagChange(at.plusSeconds(60), at.plusSeconds(61), n % 100 == 7) : null));
        }
        return states;
    }

    private static DriverManagerDataSource database(String name) {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate sql = new JdbcTemplate(database);
        try (var script = MonthStartsAreSharedByEveryNodeTest.class.getResourceAsStream(
                "/db/migration/reporting/V6.4__report_month_start.sql")) {
            for (String statement : new String(script.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                String body = statement.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
                if (!body.isBlank()) {
                    sql.execute(body);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return database;
    }

    @Test
    void aMonthStartKeptByOneNodeIsReadByAnotherAsKept() {
        DriverManagerDataSource database = database("month_starts_shared");
        List<MeterState> kept = fleet(300_000);
        node(database).save(YearMonth.of(2026, 3), 4_711, sink -> kept.forEach(sink));

        JdbcMonthStarts other = node(database);
        assertThat(other.find(YearMonth.of(2026, 3))).hasValueSatisfying(found -> {
            assertThat(found.position()).isEqualTo(4_711);
            assertThat(found.meters()).isEqualTo(300_000);
        });
        assertThat(new JdbcTemplate(database).queryForObject("SELECT chunks FROM report_month_start", Integer.class))
                .as("several chunks").isGreaterThan(1);
        List<MeterState> read = new ArrayList<>();
        other.read(YearMonth.of(2026, 3), read::add);
        assertThat(read).isEqualTo(kept);

        // a second save (another node's run at the same time) keeps the first
        other.save(YearMonth.of(2026, 3), 9_999, sink -> fleet(3).forEach(sink));
        assertThat(other.find(YearMonth.of(2026, 3)).orElseThrow().position()).isEqualTo(4_711);
    }

    @Test
    void aChangedStoredByteIsRefused() {
        DriverManagerDataSource database = database("month_starts_changed");
        JdbcMonthStarts starts = node(database);
        starts.save(YearMonth.of(2026, 3), 10, sink -> fleet(1_000).forEach(sink));
        JdbcTemplate sql = new JdbcTemplate(database);
        byte[] bytes = sql.queryForObject("SELECT bytes FROM report_month_start_chunk WHERE seq = 0", byte[].class);
        bytes[bytes.length - 3] ^= 1;
        sql.update("UPDATE report_month_start_chunk SET bytes = ? WHERE seq = 0", (Object) bytes);

        Consumer<MeterState> ignore = state -> { };
        assertThatThrownBy(() -> starts.read(YearMonth.of(2026, 3), ignore)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void onlyTheLatestMonthsAreKept() {
        DriverManagerDataSource database = database("month_starts_kept");
        JdbcMonthStarts starts = node(database);
        for (int month = 1; month <= 5; month++) {
            starts.save(YearMonth.of(2026, month), month, sink -> fleet(10).forEach(sink));
        }

        assertThat(new JdbcTemplate(database).queryForList("SELECT report_month FROM report_month_start ORDER BY 1",
                String.class)).containsExactly("2026-03", "2026-04", "2026-05");
        assertThat(new JdbcTemplate(database).queryForObject("SELECT COUNT(DISTINCT report_month) FROM"
                + " report_month_start_chunk", Integer.class)).isEqualTo(JdbcMonthStarts.KEPT);
    }
}
