package uk.smartmeter.restricted.adapter.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchLine;
import uk.smartmeter.restricted.adapter.grpc.v1.Decision;
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
            GateQuestions questions = questions(callers.actor(EndpointRoles.Gate.DECIDE, "GateDecision"));
            GateQuestion question = refusedIfInvalid(DECIDE, () -> questions.from(asked(request)));
            answer.onNext(response(request.getRequestId(), gate.decide(question), questions.catalogueVersion()));
            answer.onCompleted();
        } catch (RuntimeException refused) {
            answer.onError(GrpcErrors.of(refused));
        }
    }

    @Override
    public void decideDuis(DuisRequest request, StreamObserver<DuisDecisionResponse> answer) {
        try {
            GateQuestions questions = questions(callers.actor(EndpointRoles.Gate.DECIDE, "GateDuisDecision"));
            UserRole role = refusedIfInvalid(DECIDE_DUIS, () -> request.hasSenderRole()
                    ? InvalidRequest.parse("senderRole", request.getSenderRole(), GateQuestions::role) : null);
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
            asker = callers.actor(EndpointRoles.Gate.DECIDE, "GateDecisionBatch");
        } catch (RuntimeException refused) {
            out.onError(GrpcErrors.of(refused));
            return new Ignored();
        }
        out.disableAutoRequest();
        Stream stream = new Stream(out, asker);
        out.setOnReadyHandler(stream);
        return stream;
    }

    /** One batch stream's state; grpc-java calls its listener and its ready handler one at a time. */
    private final class Stream implements StreamObserver<DecisionRequest>, Runnable {
        private final ServerCallStreamObserver<BatchLine> out;
        private final Actor asker;
        private long line;
        private boolean asked;
        private boolean done;

        Stream(ServerCallStreamObserver<BatchLine> out, Actor asker) {
            this.out = out;
            this.asker = asker;
        }

        @Override
        public void run() {
            if (out.isReady() && !asked && !done) {
                asked = true;
                out.request(1);
            }
        }

        @Override
        public void onNext(DecisionRequest request) {
            asked = false;
            line++;
            BatchLine answer;
            try {
                answer = answer(line, request);
            } catch (RuntimeException failed) {
                done = true;
                out.onError(GrpcErrors.of(failed));
                return;
            }
            out.onNext(answer);
            run();
        }

        private BatchLine answer(long number, DecisionRequest request) {
            GateQuestions questions = questions(asker);
            GateQuestion question;
            try {
                question = questions.from(asked(request));
            } catch (InvalidRequest invalid) {
                BatchLine.Builder broken = BatchLine.newBuilder().setLine(number);
                invalid.violations().forEach(v -> broken.addErrors(FieldViolation.newBuilder().setField(v.field())
                        .setRule(v.rule())));
                return broken.build();
            }
            DecisionResponse decided = response(request.getRequestId(), gate.decide(question),
                    questions.catalogueVersion());
            return BatchLine.newBuilder().setLine(number).setRequestId(decided.getRequestId())
                    .setDecision(decided.getDecision()).setResponseCode(decided.getResponseCode())
                    .setReason(decided.getReason()).setCatalogueVersion(decided.getCatalogueVersion()).build();
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
