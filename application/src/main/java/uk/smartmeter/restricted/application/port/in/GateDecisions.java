package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * The Restricted gate, for embedding in the DSP: may this Service Request or alert go to the device?
 * The four single-question methods do not allocate when they allow (the steady state); a denial writes
 * its receipt before it is returned. Devices are EUI-64 numbers ({@code DeviceId.parseEui64}), SRVs are
 * catalogue entries looked up once ({@code catalogue().entry(...)}).
 */
public interface GateDecisions {

    GateVerdict serviceRequest(RequestRef request, SrvEntry srv, long device);

    GateVerdict createSchedule(RequestRef request, SrvEntry scheduledSrv, long scheduledDevice);

    GateVerdict updatePaymentMode(RequestRef request, long device, PaymentMode to);

    GateVerdict alert(RequestRef request, int alertCode, long device);

    GateVerdict decide(GateQuestion question);

    /** Decides every question in order; the denials' receipts are written together, before this returns. */
    List<GateVerdict> decideAll(List<? extends GateQuestion> questions);

    SrvCatalogue catalogue();
}
