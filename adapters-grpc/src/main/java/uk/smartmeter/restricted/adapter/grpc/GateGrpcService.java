package uk.smartmeter.restricted.adapter.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchLine;
import uk.smartmeter.restricted.adapter.grpc.v1.Decision;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionResponse;
import uk.smartmeter.restricted.adapter.grpc.v1.DeviceDecision;
import uk.smartmeter.restricted.adapter.grpc.v1.DuisDecisionResponse;
import uk.smartmeter.restricted.adapter.grpc.v1.DuisRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.FieldViolation;
import uk.smartmeter.restricted.adapter.grpc.v1.RestrictedGateGrpc;
import uk.smartmeter.restricted.application.input.ApiProblem;
import uk.smartmeter.restricted.application.input.GateQuestions;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.application.input.MalformedDocument;
import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.application.port.in.GateQuestion;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/**
 * The Restricted gate over gRPC ({@code docs/grpc/restricted_gate.proto}): the same questions, rules and answers as
 * the HTTP gate, through the same {@link GateDecisions} port, so the receipts, counters, fail-closed R3 and
 * read-your-writes are the port's own whichever transport asks.
 */
public final class GateGrpcService extends RestrictedGateGrpc.RestrictedGateImplBase {

    static final String DECIDE = "uk.smartmeter.restricted.gate.v1.RestrictedGate/Decide";
    static final String DECIDE_DUIS = "uk.smartmeter.restricted.gate.v1.RestrictedGate/DecideDuis";
    static final String DECIDE_STREAM = "uk.smartmeter.restricted.gate.v1.RestrictedGate/DecideStream";
    static final String DECIDE_BATCHES = "uk.smartmeter.restricted.gate.v1.RestrictedGate/DecideBatches";

    /** The most questions a DecisionBatch may hold. */
    static final int MAX_BATCH = 10_000;
    private static final String MALFORMED = "not a well-formed %s message (truncated, or a string that is not UTF-8)";
    /** Stream questions asked for ahead of their answers. */
    private static final int WINDOW = 256;
    /** Stream questions decided together (their denials' receipts in one write). */
    private static final int GROUP = 128;
    /** The longest a stream question waits for others to be decided with. */
    private static final int HOLD_MILLIS = 2;
    /** The stream holds' timers, shared by every stream (a release decides, so it may wait on a receipt). */
    private static final java.util.concurrent.ScheduledExecutorService holds =
            java.util.concurrent.Executors.newScheduledThreadPool(4, task -> {
                Thread thread = new Thread(task, "grpc-gate-stream-hold");
                thread.setDaemon(true);
                return thread;
            });

    private final GrpcCallers callers;
    private final GateDecisions gate;
    private final RecordRefusalUseCase refusals;
    private final int duisMaxBytes;
    private final long dccEui;

    public GateGrpcService(GrpcCallers callers, GateDecisions gate, RecordRefusalUseCase refusals, int duisMaxBytes,
                           String dccEui) {
        this.callers = callers;
        this.gate = gate;
        this.refusals = refusals;
        this.duisMaxBytes = duisMaxBytes;
        this.dccEui = DeviceId.parseEui64(dccEui);
    }

    @Override
    public void decide(DecisionRequest request, StreamObserver<DecisionResponse> answer) {
        try {
            GateQuestions questions = questions(refusedIfInvalid(DECIDE,
                    () -> callers.actor(EndpointRoles.Gate.DECIDE, "GateDecision")));
            GateQuestion question = refusedIfInvalid(DECIDE, () -> {
                if (MalformedMessages.malformed(request)) {
                    throw InvalidRequest.of("message", MALFORMED.formatted("DecisionRequest"));
                }
                return questions.from(asked(request));
            });
            answer.onNext(response(request.getRequestId(), gate.decide(question), questions.catalogueVersion()));
            answer.onCompleted();
        } catch (RuntimeException refused) {
            answer.onError(GrpcErrors.of(refused));
        }
    }

    @Override
    public void decideDuis(DuisRequest request, StreamObserver<DuisDecisionResponse> answer) {
        try {
            GateQuestions questions = questions(refusedIfInvalid(DECIDE_DUIS,
                    () -> callers.actor(EndpointRoles.Gate.DECIDE, "GateDuisDecision")));
            UserRole role = refusedIfInvalid(DECIDE_DUIS, () -> {
                if (MalformedMessages.malformed(request)) {
                    throw InvalidRequest.of("message", MALFORMED.formatted("DuisRequest"));
                }
                return request.hasSenderRole()
                        ? InvalidRequest.parse("senderRole", request.getSenderRole(), GateQuestions::role) : null;
            });
            uk.smartmeter.restricted.application.input.DuisRequest duis = refusedIfInvalid(DECIDE_DUIS, () -> {
                try {
                    return uk.smartmeter.restricted.application.input.DuisRequest.read(
                            request.getDocument().newInput(), duisMaxBytes);
                } catch (IOException tooLarge) {
                    throw new java.io.UncheckedIOException(tooLarge);
                }
            });
            List<GateQuestion> asked = refusedIfInvalid(DECIDE_DUIS, () -> questions.from(duis, dccEui, role));
            List<GateVerdict> verdicts = gate.decideAll(asked);
            DuisDecisionResponse.Builder response = DuisDecisionResponse.newBuilder().setRequestId(duis.requestId())
                    .setSrv(duis.srv()).setCatalogueVersion(questions.catalogueVersion());
            for (int i = 0; i < asked.size(); i++) {
                GateVerdict verdict = verdicts.get(i);
                response.addDevices(DeviceDecision.newBuilder()
                        .setDeviceId(DeviceId.fromEui64(asked.get(i).device()).value())
                        .setDecision(verdict.allowed() ? Decision.ALLOW : Decision.DENY)
                        .setResponseCode(verdict.allowed() ? "" : verdict.responseCode()));
            }
            GateVerdict overall = GateQuestions.overall(verdicts);
            response.setDecision(overall.allowed() ? Decision.ALLOW : Decision.DENY);
            if (!overall.allowed()) {
                response.setResponseCode(overall.responseCode()).setReason(overall.meaning());
            }
            answer.onNext(response.build());
            answer.onCompleted();
        } catch (java.io.UncheckedIOException tooLarge) {
            refusals.recordRefusal(null, callers.bestEffortActor(), DECIDE_DUIS, ApiProblem.INVALID_REQUEST,
                    "document: " + tooLarge.getCause().getMessage());
            answer.onError(GrpcErrors.of(tooLarge.getCause()));
        } catch (RuntimeException refused) {
            answer.onError(GrpcErrors.of(refused));
        }
    }

    /**
     * A batch as a stream. The server asks for the next question only when the client can take the next answer, so
     * neither side's buffers grow without bound and no read pattern deadlocks (grpc-java's manual flow control).
     */
    @Override
    public StreamObserver<DecisionRequest> decideStream(StreamObserver<BatchLine> answers) {
        ServerCallStreamObserver<BatchLine> out = (ServerCallStreamObserver<BatchLine>) answers;
        Actor asker;
        try {
            asker = refusedIfInvalid(DECIDE_STREAM,
                    () -> callers.actor(EndpointRoles.Gate.DECIDE, "GateDecisionStream"));
        } catch (RuntimeException refused) {
            out.onError(GrpcErrors.of(refused));
            return new Ignored();
        }
        out.disableAutoRequest();
        Stream stream = new Stream(out, asker, callers.tokenEnds());
        out.setOnReadyHandler(stream);
        return stream;
    }

    /**
     * One batch stream's state. Questions are decided in groups of up to {@value #GROUP}, so that a group's denials
     * have their receipts written together (as the HTTP batch writes a chunk's), but a question is never held for
     * more than {@value #HOLD_MILLIS} ms waiting for others: a client that waits for an answer before it sends again
     * is answered. Up to {@value #WINDOW} questions are asked for ahead of the answers, and only while the client takes
     * them: with its answers not taken, the server stops asking. grpc-java calls the listener and the ready handler
     * one at a time; the hold's timer joins them under this object's lock.
     */
    private final class Stream implements StreamObserver<DecisionRequest>, Runnable {
        private final ServerCallStreamObserver<BatchLine> out;
        private final Actor asker;
        private final java.time.Instant tokenEnds;
        private final List<DecisionRequest> held = new java.util.ArrayList<>(GROUP);
        private java.util.concurrent.ScheduledFuture<?> release;
        private long line;
        /** Questions asked for and not yet received. */
        private int requested;
        private boolean done;

        Stream(ServerCallStreamObserver<BatchLine> out, Actor asker, java.time.Instant tokenEnds) {
            this.out = out;
            this.asker = asker;
            this.tokenEnds = tokenEnds;
        }

        /** The ready handler: asks for more questions while the client takes its answers. */
        @Override
        public synchronized void run() {
            if (!done && out.isReady() && requested <= WINDOW / 2) {
                int more = WINDOW - requested;
                requested += more;
                out.request(more);
            }
        }

        @Override
        public synchronized void onNext(DecisionRequest request) {
            requested--;
            if (done) {
                return;
            }
            held.add(request);
            if (held.size() >= GROUP) {
                answerHeld();
            } else if (release == null) {
                release = holds.schedule(this::released, HOLD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void released() {
            release = null;
            answerHeld();
        }

        /** Decides the held questions together and answers each, in order. */
        private void answerHeld() {
            if (release != null) {
                release.cancel(false);
                release = null;
            }
            if (held.isEmpty() || done) {
                held.clear();
                return;
            }
            if (callers.ended(tokenEnds)) {
                done = true;
                held.clear();
                out.onError(io.grpc.Status.UNAUTHENTICATED.withDescription("the token has expired; open a new stream"
                        + " with a fresh one").asRuntimeException());
                return;
            }
            try {
                List<BatchLine> answers = answerAll(asker, held, line);
                line += held.size();
                held.clear();
                answers.forEach(out::onNext);
            } catch (RuntimeException failed) {
                done = true;
                held.clear();
                out.onError(GrpcErrors.of(failed));
                return;
            }
            run();
        }

        @Override
        public synchronized void onError(Throwable cancelled) {
            done = true;
            held.clear();
            if (release != null) {
                release.cancel(false);
            }
        }

        @Override
        public synchronized void onCompleted() {
            answerHeld();
            if (!done) {
                done = true;
                out.onCompleted();
            }
        }
    }

    /**
     * Answers questions in order, decided together (their denials' receipts in one write), numbered after
     * {@code lineBefore}; a question that breaks a rule is answered with its errors and the rest are decided.
     */
    private List<BatchLine> answerAll(Actor asker, List<DecisionRequest> requests, long lineBefore) {
        GateQuestions questions = questions(asker);
        List<BatchLine.Builder> lines = new java.util.ArrayList<>(requests.size());
        List<GateQuestion> asked = new java.util.ArrayList<>(requests.size());
        List<BatchLine.Builder> decided = new java.util.ArrayList<>(requests.size());
        long number = lineBefore;
        for (DecisionRequest request : requests) {
            BatchLine.Builder answer = BatchLine.newBuilder().setLine(++number);
            lines.add(answer);
            try {
                if (MalformedMessages.malformed(request)) {
                    throw InvalidRequest.of("line", MALFORMED.formatted("DecisionRequest"));
                }
                asked.add(questions.from(asked(request)));
                answer.setRequestId(request.getRequestId());
                decided.add(answer);
            } catch (InvalidRequest invalid) {
                invalid.violations().forEach(v -> answer.addErrors(FieldViolation.newBuilder()
                        .setField(v.field()).setRule(v.rule())));
            }
        }
        List<GateVerdict> verdicts = asked.isEmpty() ? List.of() : gate.decideAll(asked);
        for (int i = 0; i < verdicts.size(); i++) {
            GateVerdict verdict = verdicts.get(i);
            BatchLine.Builder answer = decided.get(i).setCatalogueVersion(questions.catalogueVersion());
            if (verdict.allowed()) {
                answer.setDecision(Decision.ALLOW);
            } else {
                answer.setDecision(Decision.DENY).setResponseCode(verdict.responseCode()).setReason(verdict.meaning());
            }
        }
        List<BatchLine> built = new java.util.ArrayList<>(lines.size());
        lines.forEach(answer -> built.add(answer.build()));
        return built;
    }

    /** Bulk traffic: a batch a message, answered whole; the next is asked for once this answer can be taken. */
    @Override
    public StreamObserver<DecisionBatch> decideBatches(StreamObserver<BatchAnswer> answers) {
        ServerCallStreamObserver<BatchAnswer> out = (ServerCallStreamObserver<BatchAnswer>) answers;
        Actor asker;
        try {
            asker = refusedIfInvalid(DECIDE_BATCHES, () -> callers.actor(EndpointRoles.Gate.DECIDE,
                    "GateDecisionBatches"));
        } catch (RuntimeException refused) {
            out.onError(GrpcErrors.of(refused));
            return new IgnoredBatches();
        }
        out.disableAutoRequest();
        Batches batches = new Batches(out, asker, callers.tokenEnds());
        out.setOnReadyHandler(batches);
        return batches;
    }

    /** One bulk stream's state; grpc-java calls its listener and its ready handler one at a time. */
    private final class Batches implements StreamObserver<DecisionBatch>, Runnable {
        private final ServerCallStreamObserver<BatchAnswer> out;
        private final Actor asker;
        private final java.time.Instant tokenEnds;
        private long line;
        private boolean asked;
        private boolean done;

        Batches(ServerCallStreamObserver<BatchAnswer> out, Actor asker, java.time.Instant tokenEnds) {
            this.out = out;
            this.asker = asker;
            this.tokenEnds = tokenEnds;
        }

        @Override
        public void run() {
            if (!done && !asked && out.isReady()) {
                asked = true;
                out.request(1);
            }
        }

        @Override
        public void onNext(DecisionBatch batch) {
            asked = false;
            if (done) {
                return;
            }
            try {
                if (callers.ended(tokenEnds)) {
                    throw io.grpc.Status.UNAUTHENTICATED.withDescription("the token has expired; open a new stream"
                            + " with a fresh one").asRuntimeException();
                }
                refusedIfInvalid(DECIDE_BATCHES, () -> {
                    if (MalformedMessages.malformed(batch)) {
                        throw InvalidRequest.of("message", MALFORMED.formatted("DecisionBatch"));
                    }
                    if (batch.getQuestionsCount() > MAX_BATCH) {
                        throw InvalidRequest.of("questions", "at most " + MAX_BATCH + " a batch; this one holds "
                                + batch.getQuestionsCount());
                    }
                    return batch;
                });
                List<BatchLine> lines = answerAll(asker, batch.getQuestionsList(), line);
                line += lines.size();
                out.onNext(BatchAnswer.newBuilder().addAllLines(lines).build());
            } catch (RuntimeException failed) {
                done = true;
                out.onError(GrpcErrors.of(failed));
                return;
            }
            run();
        }

        @Override
        public void onError(Throwable cancelled) {
            done = true;
        }

        @Override
        public void onCompleted() {
            if (!done) {
                done = true;
                out.onCompleted();
            }
        }
    }

    private static final class IgnoredBatches implements StreamObserver<DecisionBatch> {
        @Override
        public void onNext(DecisionBatch value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private static final class Ignored implements StreamObserver<DecisionRequest> {
        @Override
        public void onNext(DecisionRequest value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private GateQuestions questions(Actor asker) {
        return new GateQuestions(gate.catalogue(), asker);
    }

    /** A broken rule is recorded as the HTTP API records its 422s and 400s, then answered. */
    private <T> T refusedIfInvalid(String method, java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (InvalidRequest invalid) {
            refusals.recordRefusal(null, callers.bestEffortActor(), method, ApiProblem.INVALID_REQUEST,
                    invalid.violations().toString());
            throw invalid;
        } catch (MalformedDocument malformed) {
            refusals.recordRefusal(null, callers.bestEffortActor(), method, ApiProblem.INVALID_REQUEST,
                    malformed.field() + ": " + malformed.rule());
            throw malformed;
        }
    }

    private static GateQuestions.Asked asked(DecisionRequest request) {
        return new GateQuestions.Asked(request.getRequestId(),
                request.hasSenderId() ? request.getSenderId() : null,
                request.hasSenderRole() ? request.getSenderRole() : null,
                request.hasSrv() ? request.getSrv() : null, request.getDeviceId(),
                request.hasScheduledSrv() ? request.getScheduledSrv() : null,
                request.hasPaymentMode() ? request.getPaymentMode() : null,
                request.hasAlertCode() ? request.getAlertCode() : null);
    }

    private static DecisionResponse response(String requestId, GateVerdict verdict, String catalogueVersion) {
        DecisionResponse.Builder response = DecisionResponse.newBuilder().setRequestId(requestId)
                .setCatalogueVersion(catalogueVersion);
        if (verdict.allowed()) {
            return response.setDecision(Decision.ALLOW).build();
        }
        return response.setDecision(Decision.DENY).setResponseCode(verdict.responseCode())
                .setReason(verdict.meaning()).build();
    }
}
