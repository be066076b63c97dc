package uk.smartmeter.restricted.adapter.rest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ChangePaymentModeUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSiteCharacteristicsUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSmiStatusUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.application.port.in.FindGateReceipts;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.application.port.in.ReadCspFeed;
import uk.smartmeter.restricted.application.port.in.ReadExclusionLists;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.in.ReadMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RequestCspReplay;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;

/** A web slice of the REST adapter: MockMvc through the real security chain, every use case a mock. */
@WebMvcTest
@ContextConfiguration(classes = RestSliceConfiguration.class)
public abstract class RestSliceTest {

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected LocalTokenController tokens;
    @MockitoBean
    protected FindDeviceStatus findStatus;
    @MockitoBean
    protected ApplyRestrictionUseCase applyRestriction;
    @MockitoBean
    protected ClearRestrictionUseCase clearRestriction;
    @MockitoBean
    protected RecordRefusalUseCase refusals;
    @MockitoBean
    protected EnrolDeviceUseCase enrol;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.ImportInventory importInventory;
    @MockitoBean
    protected ChangeSmiStatusUseCase smiStatus;
    @MockitoBean
    protected ChangePaymentModeUseCase paymentMode;
    @MockitoBean
    protected ChangeSupplierUseCase supplier;
    @MockitoBean
    protected ChangeTenancyUseCase tenancy;
    @MockitoBean
    protected ChangeSiteCharacteristicsUseCase site;
    @MockitoBean
    protected GateDecisions gate;
    @MockitoBean
    protected FindGateReceipts gateReceipts;
    @MockitoBean
    protected ReadHistory history;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.ReadRestrictedAt restrictedAt;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.FindByMeterPoint byMeterPoint;
    @MockitoBean
    protected RebuildHistory rebuildHistory;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.ReadCheckpoints readCheckpoints;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.VerifyHistory verifyHistory;
    @MockitoBean
    protected ReadCspFeed cspFeed;
    @MockitoBean
    protected RequestCspReplay cspReplay;
    @MockitoBean
    protected ReadExclusionLists exclusionLists;
    @MockitoBean
    protected RunMonthlyReports reportRuns;
    @MockitoBean
    protected ReadMonthlyReports monthlyReports;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.ReconcileRegistration reconciliations;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.EvaluateCatalogue whatIf;
    @MockitoBean
    protected uk.smartmeter.restricted.application.port.in.AdoptCatalogue catalogueAdoptions;
}
