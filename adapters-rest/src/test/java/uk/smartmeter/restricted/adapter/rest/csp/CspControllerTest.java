package uk.smartmeter.restricted.adapter.rest.csp;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import uk.smartmeter.restricted.adapter.rest.RestSliceTest;
import uk.smartmeter.restricted.application.port.in.CspFeedPage;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.application.port.out.ReplayTicket;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;
import uk.smartmeter.restricted.application.input.ApiProblem;

/** The CSP endpoints with the use cases mocked: region-bound tokens, the feed's JSON, replays, lists as CSV. */
class CspControllerTest extends RestSliceTest {

    private static final DeviceId METER = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final DeviceId HUB = DeviceId.of("00-DB-12-34-56-78-90-A2");
    private static final Instant AT = Instant.parse("2026-10-05T08:00:00Z");

    private String csp(CspRegion region) {
        return "Bearer " + tokens.sign("ARQIVA", List.of(UserRole.CSP), null, Duration.ofMinutes(5), region);
    }

    @Test
    void aCspReadsItsRegionsNoticesAsTheVersionedJsonWithTheNextCursor() throws Exception {
        CspNotice notice = new CspNotice("event-1", 7, 7, 41, METER, 1, DeviceType.ESME, HUB, null, CspRegion.NORTH,
                CspNotice.Change.APPLIED, true, "CONSUMER_CHOICE", AT, AT);
        when(cspFeed.after(CspRegion.NORTH, 6, 100)).thenReturn(new CspFeedPage(CspRegion.NORTH, List.of(notice), 7));

        mvc.perform(get("/api/v1/csp/north/notices?after=6").header("Authorization", csp(CspRegion.NORTH)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.region").value("NORTH"))
                .andExpect(jsonPath("$.next").value(7))
                .andExpect(jsonPath("$.notices[0].schema").value("restricted-mode/csp-notice/v2"))
                .andExpect(jsonPath("$.notices[0].noticeId").value("event-1"))
                .andExpect(jsonPath("$.notices[0].gpfId").isEmpty())
                .andExpect(jsonPath("$.notices[0].effectiveAt").value("2026-10-05T08:00:00Z"));
    }

    @Test
    void aCspAskingForAnotherRegionIsRefusedAndTheRefusalIsRecorded() throws Exception {
        mvc.perform(get("/api/v1/csp/central/notices").header("Authorization", csp(CspRegion.NORTH)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_YOUR_CSP_REGION"));

        verify(refusals).recordRefusal(eq(null), any(), eq("ReadCspFeed"), eq(ApiProblem.NOT_YOUR_CSP_REGION), any());
        verifyNoInteractions(cspFeed);
    }

    @Test
    void aSupplierMayNotReadTheFeed() throws Exception {
        mvc.perform(get("/api/v1/csp/north/notices").header("Authorization",
                        "Bearer " + tokens.sign("SUPPLIER-A", List.of(UserRole.IS), null, Duration.ofMinutes(5))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_NOT_PERMITTED"));
    }

    @Test
    void aReplayFromATimeIsAcceptedWithItsTicket() throws Exception {
        when(cspReplay.fromTime(any(), eq(CspRegion.SOUTH), eq(AT))).thenReturn(Optional.of(
                new ReplayTicket.RegionReplay(3, CspRegion.SOUTH, 10, 20, AT)));

        mvc.perform(post("/api/v1/csp/south/replays").header("Authorization", csp(CspRegion.SOUTH))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"from\":\"2026-10-05T08:00:00Z\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.replayId").value(3))
                .andExpect(jsonPath("$.upToPosition").value(20));
        verify(cspReplay, never()).fromPosition(any(), any(), anyLong());
    }

    @Test
    void anExclusionListComesAsCsvOnRequest() throws Exception {
        ExclusionEntry entry = new ExclusionEntry(METER, DeviceType.ESME, HUB, List.of(new Interval(AT,
                Instant.parse("2026-11-01T00:00:00Z"))));
        when(exclusionLists.list(CspRegion.NORTH, YearMonth.of(2026, 10), null)).thenReturn(new ExclusionList(
                CspRegion.NORTH, YearMonth.of(2026, 10), Instant.parse("2026-11-01T01:00:00Z"),
                Instant.parse("2026-11-01T01:00:00Z"), List.of(entry)));

        mvc.perform(get("/api/v1/csp/north/exclusion-lists/2026-10?format=csv")
                        .header("Authorization", csp(CspRegion.NORTH)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(content().string("csp_region,month,device_id,device_type,comms_hub_id,restricted_from,"
                        + "restricted_to,restricted_seconds\r\nNORTH,2026-10,00-DB-12-34-56-78-90-A0,ESME,"
                        + "00-DB-12-34-56-78-90-A2,2026-10-05T08:00:00Z,2026-11-01T00:00:00Z,2304000\r\n"));
    }

    @Test
    void aTokenRequestForTheCspRoleMustNameTheRegion() throws Exception {
        mvc.perform(post("/local/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"partyId\":\"ARQIVA\",\"roles\":[\"CSP\"]}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors[0].field").value("cspRegion"));
    }
}
