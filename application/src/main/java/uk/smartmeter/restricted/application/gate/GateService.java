package uk.smartmeter.restricted.application.gate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.application.port.in.FindGateReceipts;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.application.port.out.GateReceipts;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.gate.SrvEntry;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.port.in.GateQuestion;

/**
 * The gate's use cases: the domain's rules over the in-memory index, a receipt for every denial
 * (durable before the denial is returned, unless the store fails: see {@link #record}), and every
 * decision counted by class. The single-question
 * methods allocate nothing when they allow.
 */
public final class GateService implements GateDecisions, FindGateReceipts {

    private static final System.Logger LOG = System.getLogger(GateService.class.getName());

    private final CatalogueSchedule schedule;
    private final RestrictedIndex index;
    /** The index as the gate sees it: current only while the index is and the catalogue in force is known. */
    private final uk.smartmeter.restricted.domain.gate.RestrictedMeters flags;
    private final GateReceipts receipts;
    private final GateCounters counters;
    private final Clock clock;

    public GateService(RestrictedGate gate, RestrictedIndex index, GateReceipts receipts, GateCounters counters,
                       Clock clock) {
        this(CatalogueSchedule.fixed(gate), index, receipts, counters, clock);
    }

    /** A gate whose SRV catalogue is the one the schedule has in force at each decision's time (issue 18). */
    public GateService(CatalogueSchedule schedule, RestrictedIndex index, GateReceipts receipts, GateCounters counters,
                       Clock clock) {
        this.schedule = Objects.requireNonNull(schedule);
        this.index = Objects.requireNonNull(index);
        this.flags = new uk.smartmeter.restricted.domain.gate.RestrictedMeters() {
            @Override
            public uk.smartmeter.restricted.domain.device.DeviceType restrictedMeter(long device) {
                return index.restrictedMeter(device);
            }

            @Override
            public boolean current() {
                return index.current();
            }
        };
        this.receipts = Objects.requireNonNull(receipts);
        this.counters = Objects.requireNonNull(counters);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public SrvCatalogue catalogue() {
        return schedule.at(clock.instant());
    }

    /**
     * The entry of the catalogue in force for the SRV asked about: a request read under one catalogue and decided after
     * the next took effect is decided by the next (issue 18).
     */
    private static SrvEntry inForce(RestrictedGate gate, SrvEntry asked) {
        SrvEntry entry = gate.catalogue().entry(asked.srv()).orElse(asked);
        return entry;
    }

    private static GateQuestion inForce(RestrictedGate gate, GateQuestion question) {
        if (question instanceof GateQuestion.ServiceRequest q) {
            SrvEntry entry = inForce(gate, q.srv());
            return entry == q.srv() ? q : new GateQuestion.ServiceRequest(q.request(), entry, q.device());
        }
        if (question instanceof GateQuestion.Schedule q) {
            SrvEntry entry = inForce(gate, q.scheduledSrv());
            return entry == q.scheduledSrv() ? q : new GateQuestion.Schedule(q.request(), entry, q.device());
        }
        return question;
    }

    /**
     * Whether this node cannot tell which catalogue is in force, so that an SRV an adoption could have made consumption
     * is answered R3; traffic that always flows (BR4) is decided as usual.
     */
    private boolean unknown(SrvEntry srv, long now) {
        return !srv.srvClass().alwaysFlows() && !schedule.knownAt(now);
    }

    private RestrictedGate gate() {
        return schedule.gateAt(clock.instant().toEpochMilli());
    }

    @Override
    public GateVerdict serviceRequest(RequestRef request, SrvEntry asked, long device) {
        long now = clock.instant().toEpochMilli();
        RestrictedGate gate = schedule.gateAt(now);
        SrvEntry srv = inForce(gate, asked);
        GateVerdict verdict = unknown(srv, now) ? GateVerdict.DENY_STATUS_UNKNOWN
                : gate.serviceRequest(srv, device, flags);
        if (!verdict.allowed()) {
            recordDenial(new GateQuestion.ServiceRequest(request, srv, device), verdict);
        }
        counters.count(srv.srvClass(), verdict);
        return verdict;
    }

    @Override
    public GateVerdict createSchedule(RequestRef request, SrvEntry asked, long scheduledDevice) {
        long now = clock.instant().toEpochMilli();
        RestrictedGate gate = schedule.gateAt(now);
        SrvEntry scheduledSrv = inForce(gate, asked);
        GateVerdict verdict = unknown(scheduledSrv, now) ? GateVerdict.DENY_STATUS_UNKNOWN
                : gate.createSchedule(scheduledSrv, scheduledDevice, flags);
        if (!verdict.allowed()) {
            recordDenial(new GateQuestion.Schedule(request, scheduledSrv, scheduledDevice), verdict);
        }
        counters.count(SrvClass.SCHEDULE, verdict);
        return verdict;
    }

    @Override
    public GateVerdict updatePaymentMode(RequestRef request, long device, PaymentMode to) {
        GateVerdict verdict = gate().updatePaymentMode(device, to, flags);
        if (!verdict.allowed()) {
            recordDenial(new GateQuestion.PaymentModeUpdate(request, device, to), verdict);
        }
        counters.count(SrvClass.PAYMENT_MODE, verdict);
        return verdict;
    }

    @Override
    public GateVerdict alert(RequestRef request, int alertCode, long device) {
        GateVerdict verdict = gate().alert(alertCode, device, flags);
        if (!verdict.allowed()) {
            recordDenial(new GateQuestion.Alert(request, alertCode, device), verdict);
        }
        counters.countAlert(verdict);
        return verdict;
    }

    @Override
    public GateVerdict decide(GateQuestion question) {
        return decideAll(List.of(question)).get(0);
    }

    @Override
    public List<GateVerdict> decideAll(List<? extends GateQuestion> questions) {
        List<GateVerdict> verdicts = new ArrayList<>(questions.size());
        List<GateReceipt> denials = new ArrayList<>();
        long now = clock.instant().toEpochMilli();
        RestrictedGate gate = schedule.gateAt(now);
        for (GateQuestion asked : questions) {
            GateQuestion question = inForce(gate, asked);
            GateVerdict verdict = question.srvEntry() != null && unknown(question.srvEntry(), now)
                    ? GateVerdict.DENY_STATUS_UNKNOWN : question.askOf(gate, flags);
            verdicts.add(verdict);
            if (!verdict.allowed()) {
                denials.add(receipt(question, verdict));
            }
        }
        if (!denials.isEmpty()) {
            record(denials);
        }
        for (int i = 0; i < verdicts.size(); i++) {
            counters.count(questions.get(i).countedAs(), verdicts.get(i));
        }
        return verdicts;
    }

    @Override
    public List<GateReceipt.Recorded> receiptsFor(String requestId) {
        return receipts.forRequest(requestId);
    }

    @Override
    public List<GateReceipt.Recorded> receiptsForDevice(DeviceId device, long after, int limit) {
        return receipts.forDevice(device.value(), after, limit);
    }

    private void recordDenial(GateQuestion question, GateVerdict verdict) {
        record(List.of(receipt(question, verdict)));
    }

    /**
     * A denial stands even when its receipt cannot be written (the store is down): denying consumption is
     * always safe, and an exception in the DSP's path is not. The failure is counted and logged with the
     * receipts' content, so they can be reconstructed.
     */
    private void record(List<GateReceipt> denials) {
        try {
            receipts.record(denials);
        } catch (RuntimeException failed) {
            counters.receiptsNotRecorded(denials.size());
            LOG.log(System.Logger.Level.ERROR, "could not record " + denials.size() + " gate receipt(s): " + denials,
                    failed);
        }
    }

    private GateReceipt receipt(GateQuestion question, GateVerdict verdict) {
        RestrictedIndex.FlagHolder holder = verdict == GateVerdict.DENY_STATUS_UNKNOWN
                ? null : index.holderOf(question.device());
        RequestRef request = question.request();
        String catalogueVersion = question.alertCode() != null ? gate().alerts().version()
                : question.srvEntry() != null ? schedule.versionOf(question.srvEntry()) : gate().catalogue().version();
        return new GateReceipt(request.requestId(), request.sender(), request.senderRole(), question.kind(),
                question.srvAsked(), question.alertCode(), DeviceId.fromEui64(question.device()), verdict,
                holder == null ? null : holder.meter(), holder == null ? null : holder.flagVersion(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), catalogueVersion);
    }
}
