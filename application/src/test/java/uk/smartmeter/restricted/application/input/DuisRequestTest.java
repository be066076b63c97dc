package uk.smartmeter.restricted.application.input;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DuisRequestTest {

    private static DuisRequest read(String xml, int maxBytes) throws IOException {
        return DuisRequest.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), maxBytes);
    }

    private static String request(String header, String body) {
        return "<sr:Request xmlns:sr=\"" + DuisRequest.NAMESPACE + "\"><sr:Header>" + header + "</sr:Header><sr:Body>"
                + body + "</sr:Body></sr:Request>";
    }

    private static final String HEADER = "<sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:7</sr:RequestID>"
            + "<sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>";

    @Test
    void theHeaderGivesTheRequestIdItsPartsAndTheSrv() throws IOException {
        DuisRequest duis = read(request(HEADER, ""), 10_000);

        assertThat(duis.originator()).isEqualTo("90-B3-D5-1F-30-01-00-00");
        assertThat(duis.target()).isEqualTo("90-B3-D5-1F-30-00-00-02");
        assertThat(duis.srv()).isEqualTo("11.1");
        assertThat(duis.bodyDevices()).isEmpty();
    }

    @Test
    void aDeviceIdListIsReadAsTextOrAsDeviceIdChildren() throws IOException {
        assertThat(read(request(HEADER, "<sr:UpdateFirmware><sr:DeviceIDList>00-DB-12-34-56-78-90-A0 "
                + "00-DB-12-34-56-78-90-A1</sr:DeviceIDList></sr:UpdateFirmware>"), 10_000).bodyDevices())
                .containsExactly("00-DB-12-34-56-78-90-A0", "00-DB-12-34-56-78-90-A1");
        assertThat(read(request(HEADER, "<sr:UpdateFirmware><sr:DeviceIDList><sr:DeviceID>00-DB-12-34-56-78-90-A0"
                + "</sr:DeviceID></sr:DeviceIDList></sr:UpdateFirmware>"), 10_000).bodyDevices())
                .containsExactly("00-DB-12-34-56-78-90-A0");
    }

    @Test
    void thePredefinedEntitiesOfXmlAreOrdinaryText() throws IOException {
        DuisRequest duis = read(request(HEADER, "<sr:DisplayMessage><sr:SupplierMessage>Tom &amp; Jerry &lt;3"
                + "</sr:SupplierMessage></sr:DisplayMessage>"), 10_000);

        assertThat(duis.srv()).isEqualTo("11.1");
    }

    @Test
    void theScheduledSrvAndThePaymentModeAreReadFromTheBody() throws IOException {
        DuisRequest schedule = read(request(HEADER.replace("11.1", "5.1"), "<sr:CreateSchedule>"
                + "<sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant>"
                + "</sr:CreateSchedule>"), 10_000);
        DuisRequest prepayment = read(request(HEADER.replace("11.1", "1.6"), "<sr:UpdatePaymentMode><sr:Prepayment/>"
                + "</sr:UpdatePaymentMode>"), 10_000);

        assertThat(schedule.scheduledSrv()).isEqualTo("4.6.1");
        assertThat(prepayment.paymentMode()).isEqualTo("Prepayment");
    }

    @Test
    void aDoctypeIsRefusedBeforeAnyEntityIsRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                + request("<sr:RequestID>&x;</sr:RequestID>", "");

        assertThatThrownBy(() -> read(xxe, 10_000)).isInstanceOf(MalformedDocument.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void aDocumentOverTheLimitIsTooLarge() {
        assertThatThrownBy(() -> read(request(HEADER, "<sr:X>" + "a".repeat(5_000) + "</sr:X>"), 1_000))
                .isInstanceOf(PayloadTooLarge.class);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "<sr:A>".repeat(40) + "</sr:A>".repeat(40);

        assertThatThrownBy(() -> read(request(HEADER, deep), 100_000)).isInstanceOf(MalformedDocument.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void aRequestIdThatIsNotThreePartsIsRefused() {
        assertThatThrownBy(() -> read(request(HEADER.replace(":7<", "<"), ""), 10_000))
                .isInstanceOf(MalformedDocument.class).hasMessageContaining("Header.RequestID");
    }

    /** Every element the decision reads, repeated: a DSP routing on the first copy must not meet a gate reading the last. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "Header.ServiceReferenceVariant|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant><sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>|",
            "Header.RequestID|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A9:7</sr:RequestID><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>|",
            "Body.DSPScheduledServiceReferenceVariant|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID><sr:ServiceReferenceVariant>5.1</sr:ServiceReferenceVariant>|<sr:CreateSchedule><sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant><sr:DSPScheduledServiceReferenceVariant>6.2.1</sr:DSPScheduledServiceReferenceVariant></sr:CreateSchedule>",
            "Body.UpdatePaymentMode|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID><sr:ServiceReferenceVariant>1.6</sr:ServiceReferenceVariant>|<sr:UpdatePaymentMode><sr:Prepayment/><sr:Credit/></sr:UpdatePaymentMode>",
    })
    void anElementTheDecisionReadsThatAppearsTwiceIsRefused(String field, String header, String body) {
        assertThatThrownBy(() -> read(request(header, body == null ? "" : body), 10_000))
                .isInstanceOf(MalformedDocument.class).hasMessageContaining(field).hasMessageContaining("more than once");
    }

    @Test
    void aSecondHeaderOrBodyIsRefused() {
        String twoHeaders = "<sr:Request xmlns:sr=\"" + DuisRequest.NAMESPACE + "\"><sr:Header>" + HEADER
                + "</sr:Header><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID>"
                + "</sr:Header><sr:Body/></sr:Request>";
        String twoBodies = request(HEADER, "").replace("</sr:Body>", "</sr:Body><sr:Body><sr:UpdateFirmware/></sr:Body>");

        assertThatThrownBy(() -> read(twoHeaders, 10_000)).isInstanceOf(MalformedDocument.class)
                .hasMessageContaining("Header: appears more than once");
        assertThatThrownBy(() -> read(twoBodies, 10_000)).isInstanceOf(MalformedDocument.class)
                .hasMessageContaining("Body: appears more than once");
    }

    @Test
    void aLookAlikeFromAnotherNamespaceIsNotReadAsTheSrv() {
        String header = "<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:7</sr:RequestID>"
                + "<x:ServiceReferenceVariant xmlns:x=\"urn:other\">11.1</x:ServiceReferenceVariant>";

        assertThatThrownBy(() -> read(request(header, ""), 10_000)).isInstanceOf(MalformedDocument.class)
                .hasMessageContaining("Header.ServiceReferenceVariant: must be in namespace");
    }

    /** A copy nested deeper comes first in document order, where a DSP reading by tag name would find it. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "nested RequestID|<sr:Wrap><sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID></sr:Wrap><sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1</sr:RequestID><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>|",
            "nested SRV|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:CommandVariant><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:CommandVariant><sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>|",
            "SRV in the body|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>|<sr:X><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:X>",
            "scheduled SRV in the header|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:DSPScheduledServiceReferenceVariant>4.8.1</sr:DSPScheduledServiceReferenceVariant><sr:ServiceReferenceVariant>5.1</sr:ServiceReferenceVariant>|<sr:CreateSchedule><sr:DSPScheduledServiceReferenceVariant>11.1</sr:DSPScheduledServiceReferenceVariant></sr:CreateSchedule>",
            "scheduled SRV twice at different depths|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:ServiceReferenceVariant>5.1</sr:ServiceReferenceVariant>|<sr:A><sr:DSPScheduledServiceReferenceVariant>4.8.1</sr:DSPScheduledServiceReferenceVariant></sr:A><sr:CreateSchedule><sr:DSPScheduledServiceReferenceVariant>11.1</sr:DSPScheduledServiceReferenceVariant></sr:CreateSchedule>",
            "a nested Prepayment beside a Credit|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:ServiceReferenceVariant>1.6</sr:ServiceReferenceVariant>|<sr:UpdatePaymentMode><sr:Credit/><sr:A><sr:Prepayment/></sr:A></sr:UpdatePaymentMode>",
            "a Prepayment outside UpdatePaymentMode|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:ServiceReferenceVariant>1.6</sr:ServiceReferenceVariant>|<sr:A><sr:Prepayment/></sr:A><sr:UpdatePaymentMode><sr:Credit/></sr:UpdatePaymentMode>",
            "a nested Header|<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A1:1</sr:RequestID><sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>|<sr:Header><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:Header>",
    })
    void anElementTheDecisionReadsIsReadInItsOnePlaceOnly(String what, String header, String body) {
        assertThatThrownBy(() -> read(request(header, body == null ? "" : body), 10_000)).as(what)
                .isInstanceOf(MalformedDocument.class);
    }
}
