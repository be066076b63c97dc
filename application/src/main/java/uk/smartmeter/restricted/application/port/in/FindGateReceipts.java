package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** "Why was request X refused?" */
public interface FindGateReceipts {

    List<GateReceipt.Recorded> receiptsFor(String requestId);

    /** "Which requests did the gate turn away for this meter?" Oldest first, after a receipt number. */
    List<GateReceipt.Recorded> receiptsForDevice(DeviceId device, long after, int limit);
}
