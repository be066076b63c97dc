package uk.smartmeter.restricted.adapter.rest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The loops accept exactly what Spring Security's own header patterns accept. */
class HeaderFirewallTest {

    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "Bearer eyJ.abc-_", "a\tb", "a\nb", "a\u0000b", "caf\u00e9", "\u0378",
            "\uD83D\uDE00", "\u007F", "", " x ", "\uD800"})
    void theLoopsAgreeWithSpringSecuritysPatterns(String value) {
        assertThat(HeaderFirewall.allowed(value, false)).isEqualTo(NAME.matcher(value).matches());
        assertThat(HeaderFirewall.allowed(value, true)).isEqualTo(VALUE.matcher(value).matches());
    }
}
