package uk.smartmeter.restricted.domain.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"00-DB-12-34-56-78-90-A0", "00-db-12-34-56-78-90-a0", "00:DB:12:34:56:78:90:A0",
            "00DB1234567890A0", " 00db1234567890a0 "})
    void anEui64IsNormalisedToUpperCaseWithHyphens(String raw) {
        assertThat(DeviceId.of(raw).value()).isEqualTo("00-DB-12-34-56-78-90-A0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00-DB-12-34-56-78-90", "00-DB-12-34-56-78-90-A0-FF", "00-DB-12-34-56-78-90-G0",
            "00--DB-12-34-56-78-90-A0", "not an id", "00DB1234567890A"})
    void anythingElseIsNotADeviceId(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.of(raw)).withMessageContaining("EUI-64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-db-12-34-56-78-90-a0", "00DB1234567890A0"})
    void theCanonicalConstructorAcceptsOnlyTheNormalisedForm(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> new DeviceId(raw));
        assertThat(raw).doesNotMatch(DeviceId.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-DB-12-34-56-78-90-A0", "FF-FF-FF-FF-FF-FF-FF-FF", "00-00-00-00-00-00-00-00"})
    void theCanonicalFormIsExactlyThePublishedPattern(String canonical) {
        assertThat(new DeviceId(canonical).value()).matches(DeviceId.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-DB-12-34-56-78-90-A0", "00-db-12-34-56-78-90-a0", "00:DB:12:34:56:78:90:A0",
            "00DB1234567890A0", " 00db1234567890a0 ", "00-DB:12-34:56-78:90-A0", "\t00DB1234567890A0\u0001"})
    void theNumberReadStraightFromTextIsTheNumberOfTheNormalisedId(String raw) {
        assertThat(DeviceId.parseEui64(raw)).isEqualTo(DeviceId.of(raw).eui64()).isEqualTo(0x00DB1234567890A0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00-DB-12-34-56-78-90", "00-DB-12-34-56-78-90-A0-FF", "00-DB-12-34-56-78-90-G0",
            "00--DB-12-34-56-78-90-A0", "not an id", "00DB1234567890A", "0-0DB-12-34-56-78-90-A0", "-00DB1234567890A0",
            "00DB1234567890A0-"})
    void theNumberReaderRefusesWhatTheIdRefuses(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parseEui64(raw)).withMessageContaining("EUI-64");
        assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.of(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-DB-12-34-56-78-90-A0", "FF-FF-FF-FF-FF-FF-FF-FF", "00-00-00-00-00-00-00-00",
            "80-00-00-00-00-00-00-01"})
    void anIdAndItsNumberRoundTrip(String canonical) {
        DeviceId id = new DeviceId(canonical);

        assertThat(DeviceId.fromEui64(id.eui64())).isEqualTo(id);
    }
}
