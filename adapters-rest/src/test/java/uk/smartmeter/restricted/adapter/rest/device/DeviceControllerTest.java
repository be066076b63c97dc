package uk.smartmeter.restricted.adapter.rest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.smartmeter.restricted.adapter.rest.RestSliceConfiguration.bearer;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import uk.smartmeter.restricted.adapter.rest.RestSliceTest;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.application.input.ApiProblem;

/** The Supplier endpoints: reading status, applying and clearing, with the use cases mocked. */
class DeviceControllerTest extends RestSliceTest {

    private static final String DEVICE = "/api/v1/devices/00-DB-12-34-56-78-90-A0";

    @Test
    void readingAVisibleMeterAnswersItsStatusWithItsVersionAsETag() throws Exception {
        when(findStatus.statusFor(any(), eq(ESME))).thenReturn(Optional.of(DeviceStatus.of(restrictedEsme())));

        mvc.perform(get(DEVICE).header("Authorization", bearer(tokens, "SUPPLIER-A", UserRole.IS)))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.restricted").value(true))
                .andExpect(jsonPath("$.restrictedSince").value(EARLIER.toString()))
                .andExpect(jsonPath("$.responsibleSupplier.partyId").value("SUPPLIER-A"));
    }

    @Test
    void readingAMeterTheCallerMayNotSeeIsA404Problem() throws Exception {
        when(findStatus.statusFor(any(), eq(ESME))).thenReturn(Optional.empty());

        mvc.perform(get(DEVICE).header("Authorization", bearer(tokens, "SUPPLIER-Z", UserRole.IS)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:restricted-mode:problem:device-not-found"));
    }

    @Test
    void applyingSendsTheSupplierItsRoleTheActingUserTheAttestationAndTheIfMatchVersion() throws Exception {
        when(applyRestriction.applyRestriction(any(), any())).thenReturn(
                new CommandOutcome(Decision.accept(restrictionAppliedBySupplierA()), restrictedEsme()));

        mvc.perform(put(DEVICE + "/restriction").header("Authorization", bearer(tokens, "SUPPLIER-A", UserRole.IS))
                        .header("If-Match", "\"0\"").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"attestation\":{\"reference\":\"RS-2026-0042\",\"stepsExhaustedOn\":\"2026-11-20\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(true))
                .andExpect(jsonPath("$.events[0]").value("RestrictionApplied"));

        ArgumentCaptor<ApplyRestriction> sent = ArgumentCaptor.forClass(ApplyRestriction.class);
        verify(applyRestriction).applyRestriction(sent.capture(), eq(ExpectedVersion.of(0)));
        assertThat(sent.getValue()).isEqualTo(new ApplyRestriction(ESME,
                new Actor(SUPPLIER_A.party(), UserRole.IS, "user-1"), ATTESTATION));
    }

    @Test
    void aRefusedApplyIsAProblemNamedAfterTheRule() throws Exception {
        when(applyRestriction.applyRestriction(any(), any())).thenReturn(new CommandOutcome(
                Decision.refuse(RefusalCode.PREPAYMENT_MODE, "meter is in prepayment"), eligibleEsme()));

        mvc.perform(put(DEVICE + "/restriction").header("Authorization", bearer(tokens, "SUPPLIER-A", UserRole.IS))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"attestation\":null}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.type").value("urn:restricted-mode:problem:prepayment-mode"))
                .andExpect(jsonPath("$.code").value("PREPAYMENT_MODE"));
    }

    @Test
    void aHalfFilledAttestationNamesTheMissingField() throws Exception {
        mvc.perform(put(DEVICE + "/restriction").header("Authorization", bearer(tokens, "SUPPLIER-A", UserRole.IS))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"attestation\":{\"reference\":\"RS-1\"}}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("attestation.stepsExhaustedOn"))
                .andExpect(jsonPath("$.errors[0].rule").value("required"));
        verifyNoInteractions(applyRestriction);
    }

    @Test
    void clearingNeedsAKnownReasonAndSendsIt() throws Exception {
        when(clearRestriction.clearRestriction(any(), any())).thenReturn(new CommandOutcome(Decision.unchanged(),
                eligibleEsme()));
        String supplierA = bearer(tokens, "SUPPLIER-A", UserRole.IS);

        mvc.perform(delete(DEVICE + "/restriction").header("Authorization", supplierA))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(delete(DEVICE + "/restriction?reason=APPLIED_IN_ERROR").header("Authorization", supplierA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(false));

        ArgumentCaptor<ClearRestriction> sent = ArgumentCaptor.forClass(ClearRestriction.class);
        verify(clearRestriction).clearRestriction(sent.capture(), eq(ExpectedVersion.any()));
        assertThat(sent.getValue().reason()).isEqualTo(ClearReason.APPLIED_IN_ERROR);
    }

    @Test
    void aRegulatorMayReadButNotApplyAndTheRefusalIsRecorded() throws Exception {
        String regulator = bearer(tokens, "OFGEM", UserRole.REGULATOR);

        mvc.perform(put(DEVICE + "/restriction").header("Authorization", regulator)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_NOT_PERMITTED"));

        verify(refusals).recordRefusal(eq(ESME), any(), eq("ApplyRestriction"), eq(ApiProblem.ROLE_NOT_PERMITTED), any());
        verifyNoInteractions(applyRestriction);
    }

    @Test
    void aBadDeviceIdIsNamedWithItsRule() throws Exception {
        mvc.perform(get("/api/v1/devices/not-an-id").header("Authorization", bearer(tokens, "DCC-DSP", UserRole.DCC)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("deviceId"))
                .andExpect(jsonPath("$.errors[0].rule").value(org.hamcrest.Matchers.containsString("EUI-64")));
    }
}
