package uk.smartmeter.restricted.domain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.smartmeter.restricted.domain.device.DeviceType;

/** The SRV catalogue is data: it parses, covers the DUIS matrix exactly, and classifies as MP169 requires. */
class SrvCatalogueTest {

    private static final SrvCatalogue CATALOGUE = SrvCatalogue.bundled();

    private static boolean consumption(String srv, DeviceType meter) {
        return CATALOGUE.isConsumption(ServiceReferenceVariant.of(srv), meter);
    }

    @Test
    void theBundledCatalogueParsesAndNamesItsVersionAndSource() {
        assertThat(CATALOGUE.version()).isEqualTo("1");
        assertThat(CATALOGUE.source()).contains("duis-request-matrix.json", "4afcaf05");
    }

    @Test
    void everySrvOfTheDuisMatrixIsClassifiedExactlyOnce() throws IOException {
        List<String> matrix = matrixSrvs();

        assertThat(matrix).hasSize(129).doesNotHaveDuplicates();
        assertThat(CATALOGUE.entries()).extracting(entry -> entry.srv().value())
                .containsExactlyInAnyOrderElementsOf(matrix);
    }

    @Test
    void aCatalogueThatClassifiesAnSrvTwiceIsRejected() {
        String twice = "# version: 9\n# source: test\nsrv,class,consumptionOn,name,note\n"
                + "4.1.1,CONSUMPTION_READ,ALL,Read,\n4.1.1,TARIFF,NONE,Read again,\n";

        assertThatIllegalArgumentException().isThrownBy(() -> SrvCatalogue.parse(new StringReader(twice)))
                .withMessageContaining("line 5").withMessageContaining("classified twice");
    }

    @Test
    void aCatalogueWithAnUnknownClassOrScopeIsRejectedWithItsLine() {
        String unknown = "# version: 9\n# source: test\nsrv,class,consumptionOn,name,note\n4.1.1,READS,ALL,Read,\n";

        assertThatIllegalArgumentException().isThrownBy(() -> SrvCatalogue.parse(new StringReader(unknown)))
                .withMessageContaining("line 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.6.1", "4.6.2",
            "4.8.1", "4.8.2", "4.8.3", "4.12.1", "4.12.2", "4.14", "4.16", "4.17"})
    void readsOfRegistersBillingLogsDailyLogsProfilesAndDemandAreConsumptionOnEveryMeter(String srv) {
        assertThat(consumption(srv, DeviceType.ESME)).isTrue();
        assertThat(consumption(srv, DeviceType.GSME)).isTrue();
    }

    @Test
    void networkDataIsConsumptionOnAGasMeterButVoltageOnAnElectricityMeterIsNot() {
        assertThat(consumption("4.10", DeviceType.GSME)).isTrue();
        assertThat(consumption("4.10", DeviceType.ESME)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11.1", "11.2", "11.3", "11.4", "6.15.1", "6.15.2", "6.23", "6.24.1", "6.24.2", "6.17", "1.1.1",
            "1.2.1", "4.11.1", "7.1", "7.2", "7.4", "8.1.1", "8.2", "8.3", "6.13", "3.3", "1.6", "5.1", "6.11"})
    void firmwareCredentialsTariffsSupplyInventoryAndEventLogsAreNeverConsumption(String srv) {
        assertThat(consumption(srv, DeviceType.ESME)).isFalse();
        assertThat(consumption(srv, DeviceType.GSME)).isFalse();
    }

    @Test
    void onlyTheReadFamilyCarriesConsumption() {
        assertThat(CATALOGUE.entries())
                .filteredOn(entry -> entry.consumptionOn() != ConsumptionScope.NONE)
                .allSatisfy(entry -> assertThat(entry.srv().value()).startsWith("4."))
                .hasSize(22);
    }

    @Test
    void anSrvTheCatalogueDoesNotKnowIsNotConsumption() {
        assertThat(consumption("99.9", DeviceType.ESME)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4.", ".4", "4..1", "4.1.1.1", "a.1", "4,1"})
    void anythingButOneToThreeDotSeparatedNumbersIsNotAnSrv(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> ServiceReferenceVariant.of(raw));
    }

    private static List<String> matrixSrvs() throws IOException {
        try (InputStream in = SrvCatalogueTest.class.getResourceAsStream("/reference/duis-request-matrix.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher srv = Pattern.compile("\"Service Reference Variant\":\\s*\"([^\"]+)\"").matcher(json);
            List<String> found = new ArrayList<>();
            while (srv.find()) {
                found.add(srv.group(1));
            }
            return found;
        }
    }
}
