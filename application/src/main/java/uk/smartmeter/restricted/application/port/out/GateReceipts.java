package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import uk.smartmeter.restricted.application.gate.GateReceipt;

/** Where the gate's denial receipts are kept. A call returns once they are durable. */
public interface GateReceipts {

    void record(List<GateReceipt> receipts);

    /** Every receipt for this request ID, oldest first, with the event that set the flag each rests on. */
    List<GateReceipt.Recorded> forRequest(String requestId);
}
