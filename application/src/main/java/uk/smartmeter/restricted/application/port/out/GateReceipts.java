package uk.smartmeter.restricted.application.port.out;

import java.util.List;

/** Where the gate's denial receipts are kept. A call returns once they are durable. */
public interface GateReceipts {

    void record(List<GateReceipt> receipts);

    /** Every receipt for this request ID, oldest first, with the event that set the flag each rests on. */
    List<GateReceipt.Recorded> forRequest(String requestId);

    /**
     * The receipts of denials aimed at the device, or resting on its flag (a GPF's denials rest on its gas
     * meter), after the cursor (a receipt number; -1 for the start), oldest first, at most {@code limit}.
     */
    List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit);
}
