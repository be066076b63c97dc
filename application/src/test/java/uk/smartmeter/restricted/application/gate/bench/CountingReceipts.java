package uk.smartmeter.restricted.application.gate.bench;

import java.util.List;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.out.GateReceipts;

/** A receipt store that only counts, so that the benchmarks measure the gate and not a database. */
final class CountingReceipts implements GateReceipts {
    long recorded;

    @Override
    public void record(List<GateReceipt> receipts) {
        recorded += receipts.size();
    }

    @Override
    public List<GateReceipt.Recorded> forRequest(String requestId) {
        return List.of();
    }

    @Override
    public List<GateReceipt.Recorded> forDevice(String deviceId, long after, int limit) {
        return List.of();
    }
}
