package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartyIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"SUPPLIER-A", "a", "90-B3-D5-1F-30-01-00-00", "x.y_z:1", "A234567890123456789012345678901234567890123456789012345678901234"})
    void aPartyIdIsOneToSixtyFourLettersDigitsAndSeparatorsStartingWithALetterOrDigit(String value) {
        assertThat(PartyId.of(value).value()).isEqualTo(value).matches(PartyId.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-A", ".A", "A B", "A/B", "Ä", "A\n", "A2345678901234567890123456789012345678901234567890123456789012345"})
    void anythingElseIsNotAPartyId(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> PartyId.of(value));
        assertThat(value).doesNotMatch(PartyId.PATTERN);
    }
}
