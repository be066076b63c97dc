package uk.smartmeter.restricted.adapter.rest.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Query values: numbers in ASCII digits only, and times asked at the history's precision without changing the question. */
class QueryValuesTest {

    @Test
    void numbersAreAsciiDigitsWithAnOptionalMinusAndNothingElse() {
        assertThat(Params.asciiLong("-1")).isEqualTo(-1);
        assertThat(Params.asciiLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Params.asciiInt("500")).isEqualTo(500);
        for (String bad : new String[] {"+5", "\uFF13", "\u0663", "", "-", "1 ", "0x10", "1e3", "99999999999999999999"}) {
            assertThatThrownBy(() -> Params.asciiLong(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
        assertThatThrownBy(() -> Params.asciiInt("2147483648")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void atOrBeforeRoundsDownAndABoundRoundsUpToTheMicrosecond() {
        assertThat(Params.atOrBefore("2026-03-03T12:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-03-03T12:00:00.123456Z"));
        assertThat(Params.bound("2026-03-03T12:00:00.123456001Z"))
                .as("an entry at .123456 is before this time; one at .123457 is not")
                .isEqualTo(Instant.parse("2026-03-03T12:00:00.123457Z"));
        assertThat(Params.bound("2026-03-03T12:00:00.123456Z")).isEqualTo(Instant.parse("2026-03-03T12:00:00.123456Z"));
        assertThatThrownBy(() -> Params.atOrBefore("1899-12-31T23:59:59Z")).isInstanceOf(IllegalArgumentException.class);
    }
}
