package uk.smartmeter.restricted.adapter.rest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.smartmeter.restricted.adapter.rest.RestSliceConfiguration.bearer;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.smartmeter.restricted.adapter.rest.RestSliceTest;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.StatusTarget;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.application.input.ApiProblem;

/** The DCC fact endpoints: each maps its body to the right command, as DCC, and answers the outcome. */
class DeviceFactsControllerTest extends RestSliceTest {

    private static final String DEVICE = "/api/v1/devices/00-DB-12-34-56-78-90-A0";
    private static final Actor DCC_USER = new Actor(DCC.party(), UserRole.DCC, "user-1");
    private static final CommandOutcome UNCHANGED = new CommandOutcome(Decision.unchanged(), eligibleEsme());

    private MockHttpServletRequestBuilder asDcc(MockHttpServletRequestBuilder request, String body) {
        return request.header("Authorization", bearer(tokens, DCC.party().value(), UserRole.DCC))
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    @Test
    void enrollingAnswers201WithLocationAndSendsEveryFact() throws Exception {
        when(enrol.enrol(any(), any())).thenReturn(
                new CommandOutcome(Decision.accept(enrolledEligibleEsme()), eligibleEsme()));

        mvc.perform(asDcc(post("/api/v1/devices"), """
                        {"deviceId":"00db1234567890a0","deviceType":"ESME","smetsVersion":"SMETS2",
                         "smiStatus":"COMMISSIONED","commsHubId":"00-DB-12-34-56-78-90-A2","commsHubStatus":"COMMISSIONED",
                         "mpxn":"1234567890123","cspRegion":"CENTRAL","paymentMode":"CREDIT",
                         "responsibleSupplier":{"partyId":"SUPPLIER-A","role":"IS"},
                         "siteCharacteristics":{"loadSwitching":false,"radioTeleswitch":false,"networkManagedWithoutWan":false},
                         "effectiveAt":"2026-11-22T10:00:00Z"}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/devices/00-DB-12-34-56-78-90-A0"))
                .andExpect(header().string("ETag", "\"0\""));

        ArgumentCaptor<EnrolDevice> sent = ArgumentCaptor.forClass(EnrolDevice.class);
        verify(enrol).enrol(sent.capture(), eq(ExpectedVersion.any()));
        EnrolDevice expected = anEligibleEsme().build();
        assertThat(sent.getValue()).usingRecursiveComparison().ignoringFields("actor").isEqualTo(expected);
        assertThat(sent.getValue().actor()).isEqualTo(DCC_USER);
    }

    @Test
    void anEnrolmentNamesEveryMissingOrBadFieldAtOnce() throws Exception {
        mvc.perform(asDcc(post("/api/v1/devices"), "{\"deviceId\":\"00-DB\",\"mpxn\":\"12\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("INVALID_REQUEST"))
                .andExpect(jsonPath("$.errors.length()").value(11))
                .andExpect(jsonPath("$.errors[0].field").value("deviceId"));
        verifyNoInteractions(enrol);
    }

    @Test
    void anUnknownEnumValueIsA400NamingTheFieldAndTheAllowedValues() throws Exception {
        mvc.perform(asDcc(post(DEVICE + "/payment-mode-changes"), "{\"paymentMode\":\"BARTER\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("paymentMode"))
                .andExpect(jsonPath("$.errors[0].rule").value("one of [CREDIT, PREPAYMENT]"));
    }

    @Test
    void anSmiStatusChangeIsSentForTheMeterOrItsHub() throws Exception {
        when(smiStatus.changeSmiStatus(any(), any())).thenReturn(UNCHANGED);

        mvc.perform(asDcc(post(DEVICE + "/smi-status-changes"),
                        "{\"target\":\"COMMS_HUB\",\"status\":\"SUSPENDED\",\"effectiveAt\":\"2026-11-22T10:00:00Z\"}"))
                .andExpect(status().isOk());

        verify(smiStatus).changeSmiStatus(new ChangeSmiStatus(ESME, DCC_USER, EARLIER, StatusTarget.COMMS_HUB,
                SmiStatus.SUSPENDED), ExpectedVersion.any());
    }

    @Test
    void aPaymentModeChangeIsSentWithTheIfMatchVersion() throws Exception {
        when(paymentMode.changePaymentMode(any(), any())).thenReturn(UNCHANGED);

        mvc.perform(asDcc(post(DEVICE + "/payment-mode-changes"), "{\"paymentMode\":\"PREPAYMENT\"}")
                        .header("If-Match", "W/\"4\""))
                .andExpect(status().isOk());

        verify(paymentMode).changePaymentMode(new ChangePaymentMode(ESME, DCC_USER, null, PaymentMode.PREPAYMENT),
                ExpectedVersion.of(4));
    }

    @Test
    void aChangeOfSupplierIsSentWithTheGainingSupplier() throws Exception {
        when(supplier.changeSupplier(any(), any())).thenReturn(UNCHANGED);

        mvc.perform(asDcc(post(DEVICE + "/supplier-changes"),
                        "{\"gainingSupplier\":{\"partyId\":\"SUPPLIER-B\",\"role\":\"IS\"}}"))
                .andExpect(status().isOk());

        verify(supplier).changeSupplier(new ChangeSupplier(ESME, DCC_USER, null, SUPPLIER_B), ExpectedVersion.any());
    }

    @Test
    void aChangeOfTenancyIsSentAndItsEventsAreListed() throws Exception {
        when(tenancy.changeTenancy(any(), any())).thenReturn(new CommandOutcome(Decision.accept(
                new uk.smartmeter.restricted.domain.device.event.TenancyChanged(ESME, DCC, NOW, NOW)), eligibleEsme()));

        mvc.perform(asDcc(post(DEVICE + "/tenancy-changes"), "{\"effectiveAt\":\"2026-11-22T10:00:00Z\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[0]").value("TenancyChanged"));

        verify(tenancy).changeTenancy(new ChangeTenancy(ESME, DCC_USER, Instant.parse("2026-11-22T10:00:00Z")),
                ExpectedVersion.any());
    }

    @Test
    void aSiteCharacteristicsChangeIsSent() throws Exception {
        when(site.changeSiteCharacteristics(any(), any())).thenReturn(UNCHANGED);

        mvc.perform(asDcc(post(DEVICE + "/site-characteristics-changes"), "{\"siteCharacteristics\":"
                        + "{\"loadSwitching\":true,\"radioTeleswitch\":false,\"networkManagedWithoutWan\":false}}"))
                .andExpect(status().isOk());

        verify(site).changeSiteCharacteristics(new ChangeSiteCharacteristics(ESME, DCC_USER, null,
                new SiteCharacteristics(true, false, false)), ExpectedVersion.any());
    }

    @Test
    void aSupplierCannotFeedFactsAndTheRefusalIsRecorded() throws Exception {
        mvc.perform(post(DEVICE + "/tenancy-changes").header("Authorization", bearer(tokens, "SUPPLIER-A", UserRole.IS))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());

        verify(refusals).recordRefusal(eq(ESME), any(), eq("ChangeTenancy"), eq(ApiProblem.ROLE_NOT_PERMITTED), any());
        verifyNoInteractions(tenancy);
    }
}
