package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.application.gate.GateReceipt;

/** "Why was request X refused?" */
public interface FindGateReceipts {

    List<GateReceipt.Recorded> receiptsFor(String requestId);
}
