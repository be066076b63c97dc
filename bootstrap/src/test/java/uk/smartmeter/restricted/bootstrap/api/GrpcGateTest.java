package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.smartmeter.restricted.adapter.grpc.GrpcCallers;
import uk.smartmeter.restricted.adapter.grpc.GrpcGateServer;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchLine;
import uk.smartmeter.restricted.adapter.grpc.v1.Decision;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.DuisRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.RestrictedGateGrpc;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.bootstrap.Eventually;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * What only the gRPC gate has: call credentials, the stream's flow control, the health protocol, its message limit.
 * The decisions themselves are proven over both transports by {@link GateEndToEndTest}.
 */
class GrpcGateTest extends RunningService {

    private static final String METER = "00-DB-12-34-56-78-96-A0";

    @Autowired
    EventProcessingConfiguration processors;
    @Autowired
    uk.smartmeter.restricted.application.gate.GateCounters counters;

    private long allowed() {
        long total = 0;
        for (String label : uk.smartmeter.restricted.application.gate.GateCounters.classLabels()) {
            total += counters.total(label, uk.smartmeter.restricted.domain.gate.GateVerdict.ALLOW);
        }
        return total;
    }

    private static DecisionRequest read(String requestId, String device) {
        return DecisionRequest.newBuilder().setRequestId(requestId).setSrv("4.1.1").setDeviceId(device).build();
    }

    @Test
    void aCallWithoutAValidTokenIsUnauthenticatedAndNeverDecided() {
        try (GateTransport.Channel channel = grpc("not a token")) {
            RestrictedGateGrpc.RestrictedGateBlockingStub anonymous = RestrictedGateGrpc.newBlockingStub(
                    channel.channel());
            assertThatThrownBy(() -> anonymous.decide(read("anon-1", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(refused.getStatus().getDescription()).contains("bearer token is required");
                    });
            assertThatThrownBy(() -> channel.stub().decide(read("anon-2", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> assertThat(
                            refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        String forged = api.token("DCC-DSP", UserRole.DCC);
        forged = forged.substring(0, forged.length() - 4) + "AAAA";
        try (GateTransport.Channel channel = grpc(forged)) {
            assertThatThrownBy(() -> channel.stub().decide(read("anon-3", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> assertThat(
                            refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM gate_receipt WHERE request_id LIKE 'anon-%'",
                Integer.class)).isZero();
    }

    @Test
    void theRoleMetadataChoosesAmongTheTokensRolesAndAnotherRoleIsRefusedAndRecorded() throws Exception {
        String both = api.token("DCC-DSP", UserRole.DCC, UserRole.REGULATOR);
        int before = refusalsRecorded("ROLE_NOT_PERMITTED");
        try (GateTransport.Channel channel = grpc(both)) {
            Metadata asRegulator = new Metadata();
            asRegulator.put(GrpcCallers.ROLE, "REGULATOR");
            assertThatThrownBy(() -> channel.stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    asRegulator)).decide(read("role-1", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> assertThat(
                            refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
            Metadata unknown = new Metadata();
            unknown.put(GrpcCallers.ROLE, "KING");
            assertThatThrownBy(() -> channel.stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    unknown)).decide(read("role-2", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(GateTransport.error(refused).at("/errors/0/field").asText())
                                .isEqualTo(GrpcCallers.ROLE_METADATA);
                    });
            assertThat(channel.stub().decide(read("role-3", METER)).getDecision())
                    .as("DCC is the only role of the token's the gate accepts").isEqualTo(Decision.ALLOW);
        }
        try (GateTransport.Channel channel = grpc(api.token("90-B3-D5-1F-30-01-00-00", UserRole.IS))) {
            Answers<BatchLine> answers = new Answers<>();
            RestrictedGateGrpc.newStub(channel.channel()).withCallCredentials(GateTransport.bearer(channel.token()))
                    .decideStream(answers).onNext(read("role-4", METER));
            assertThatThrownBy(() -> answers.ended.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StatusRuntimeException.class)
                    .cause().satisfies(refused -> assertThat(((StatusRuntimeException) refused).getStatus().getCode())
                            .isEqualTo(Status.Code.PERMISSION_DENIED));
            assertThat(answers.received).as("nothing answered to a Supplier").isEmpty();
        }
        assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).isEqualTo(before + 2);
    }

    /**
     * A client that sends its whole batch and reads nothing until it has: the server stops reading when the client's
     * answers are not taken (flow control), the client's sends wait in its own buffer, and once it reads, every
     * answer comes, in order. Nothing deadlocks.
     */
    @Test
    void aStreamThatIsNotReadUntilEverythingIsSentIsAnsweredInFullAndInOrder() throws Exception {
        int questions = 200_000;
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        List<Long> lines = new ArrayList<>(questions);
        AtomicInteger denied = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<DecisionRequest>> started = new CompletableFuture<>();
        long before = allowed();
        try (GateTransport.Channel channel = grpc(dcc)) {
            RestrictedGateGrpc.newStub(channel.channel()).withCallCredentials(GateTransport.bearer(dcc))
                    .decideStream(new ClientResponseObserver<DecisionRequest, BatchLine>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<DecisionRequest> stream) {
                            stream.disableAutoRequestWithInitial(0);
                            started.complete(stream);
                        }

                        @Override
                        public void onNext(BatchLine line) {
                            lines.add(line.getLine());
                            denied.addAndGet(line.getDecision() == Decision.DENY ? 1 : 0);
                            started.join().request(1);
                        }

                        @Override
                        public void onError(Throwable failed) {
                            done.completeExceptionally(failed);
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(null);
                        }
                    });
            ClientCallStreamObserver<DecisionRequest> stream = started.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < questions; i++) {
                stream.onNext(read("unread-" + i, "00-DB-12-34-56-78-96-B" + (i % 10)));
            }
            // the server reads only while its answers are taken: with none taken, it decides what the windows
            // between them hold and then waits (a server that read on regardless would decide all of them)
            long[] seen = {-1};
            org.awaitility.Awaitility.await("the server stops deciding").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        long now = allowed();
                        boolean still = now == seen[0];
                        seen[0] = now;
                        return still;
                    });
            stream.onCompleted();
            assertThat(lines).as("nothing is read yet").isEmpty();
            assertThat(allowed() - before).as("decided while no answer was taken: what the windows hold, no more")
                    .isLessThan(questions / 2);
            stream.request(1);
            done.get(120, TimeUnit.SECONDS);
        }
        assertThat(lines).hasSize(questions);
        for (int i = 0; i < questions; i++) {
            assertThat(lines.get(i)).isEqualTo(i + 1);
        }
        assertThat(denied).as("none of these meters is Restricted").hasValue(0);
        assertThat(allowed() - before).as("each decision counted once").isEqualTo(questions);
    }

    /** The other read pattern: one question, then wait for its answer, then the next, on one stream. */
    @Test
    void aStreamThatAsksOneQuestionAtATimeIsAnsweredEachTime() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Answers<BatchLine> answers = new Answers<>();
        try (GateTransport.Channel channel = grpc(dcc)) {
            io.grpc.stub.StreamObserver<DecisionRequest> stream = RestrictedGateGrpc.newStub(channel.channel())
                    .withCallCredentials(GateTransport.bearer(dcc)).decideStream(answers);
            for (int i = 0; i < 20; i++) {
                stream.onNext(read("ping-" + i, "00-DB-12-34-56-78-96-D0"));
                BatchLine answer = answers.received.poll(10, TimeUnit.SECONDS);
                assertThat(answer).as("the answer to question %d, before the next is sent", i + 1).isNotNull();
                assertThat(answer.getLine()).isEqualTo(i + 1);
                assertThat(answer.getRequestId()).isEqualTo("ping-" + i);
                assertThat(answer.getDecision()).isEqualTo(Decision.ALLOW);
            }
            stream.onCompleted();
        }
    }

    /** Bulk traffic: a batch a message, each answered whole and in order, numbered across the stream. */
    @Test
    void aBulkStreamAnswersEachBatchWholeInOrderWithItsDenialsRecorded() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String restricted = "00-DB-12-34-56-78-96-E0";
        String supplier = "90-B3-D5-1F-30-01-00-00";
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(restricted, supplier)).status())
                .isIn(200, 201);
        assertThat(api.send("POST", "/api/v1/devices/" + restricted + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}").status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/devices/" + restricted + "/restriction", api.token(supplier, UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
        Answers<uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer> bulk = new Answers<>();
        try (GateTransport.Channel channel = grpc(dcc)) {
            io.grpc.stub.StreamObserver<uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch> stream =
                    RestrictedGateGrpc.newStub(channel.channel()).withCallCredentials(GateTransport.bearer(dcc))
                            .decideBatches(bulk);
            for (int b = 0; b < 3; b++) {
                uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch.Builder batch =
                        uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch.newBuilder();
                for (int i = 0; i < 500; i++) {
                    batch.addQuestions(read("bulk-" + b + "-" + i,
                            i % 50 == 0 ? restricted : "00-DB-12-34-56-78-96-E1"));
                }
                batch.addQuestions(DecisionRequest.newBuilder().setRequestId("bulk-bad").setSrv("99.9")
                        .setDeviceId("nope"));
                stream.onNext(batch.build());
            }
            stream.onCompleted();
            bulk.ended.get(60, TimeUnit.SECONDS);
        }
        List<uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer> answers = new ArrayList<>(bulk.received);
        assertThat(answers).hasSize(3);
        long expected = 0;
        for (int b = 0; b < 3; b++) {
            List<BatchLine> lines = answers.get(b).getLinesList();
            assertThat(lines).hasSize(501);
            for (int i = 0; i < 500; i++) {
                assertThat(lines.get(i).getLine()).isEqualTo(++expected);
                assertThat(lines.get(i).getRequestId()).isEqualTo("bulk-" + b + "-" + i);
                assertThat(lines.get(i).getDecision()).isEqualTo(i % 50 == 0 ? Decision.DENY : Decision.ALLOW);
            }
            assertThat(lines.get(500).getLine()).isEqualTo(++expected);
            assertThat(lines.get(500).getErrorsList()).extracting(e -> e.getField())
                    .containsExactlyInAnyOrder("srv", "deviceId");
        }
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM gate_receipt WHERE request_id LIKE 'bulk-%'",
                Integer.class)).as("each denial's receipt").isEqualTo(30);
    }

    /** Bytes that are not a DecisionRequest (a request ID that is not UTF-8) are refused as a broken rule. */
    @Test
    void aMessageThatIsNotWellFormedIsInvalidArgumentAndRecordedNeverUnknown() {
        io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
            @Override
            public java.io.InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (java.io.IOException unreadable) {
                    throw new java.io.UncheckedIOException(unreadable);
                }
            }
        };
        io.grpc.MethodDescriptor<byte[], byte[]> decide = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(RestrictedGateGrpc.getDecideMethod().getFullMethodName())
                .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
        int before = refusalsRecorded("INVALID_REQUEST");
        try (GateTransport.Channel channel = grpc(api.token("DCC-DSP", UserRole.DCC))) {
            byte[] notUtf8 = {0x0A, 0x02, (byte) 0xC3, 0x28};
            assertThatThrownBy(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel.channel(), decide,
                    io.grpc.CallOptions.DEFAULT.withCallCredentials(GateTransport.bearer(channel.token())), notUtf8))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(GateTransport.error(refused).at("/errors/0/field").asText()).isEqualTo("message");
                    });
        }
        assertThat(refusalsRecorded("INVALID_REQUEST")).isEqualTo(before + 1);
    }

    @Test
    void aBatchOfMoreThanTenThousandQuestionsIsRefusedAndTwoAuthorizationValuesAreNotATokenChoice() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Answers<uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer> answers = new Answers<>();
        try (GateTransport.Channel channel = grpc(dcc)) {
            io.grpc.stub.StreamObserver<uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch> stream =
                    RestrictedGateGrpc.newStub(channel.channel()).withCallCredentials(GateTransport.bearer(dcc))
                            .decideBatches(answers);
            uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch.Builder batch =
                    uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch.newBuilder();
            for (int i = 0; i <= 10_000; i++) {
                batch.addQuestions(DecisionRequest.getDefaultInstance());
            }
            stream.onNext(batch.build());
            assertThatThrownBy(() -> answers.ended.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(GateTransport.error(refused).at("/errors/0/field").asText()).isEqualTo("questions");
                    });
            assertThat(answers.received).as("no line of the refused batch answered").isEmpty();
            Metadata twice = new Metadata();
            twice.put(GrpcCallers.AUTHORIZATION, "Bearer " + api.token("90-B3-D5-1F-30-01-00-00", UserRole.IS));
            twice.put(GrpcCallers.AUTHORIZATION, "Bearer " + dcc);
            assertThatThrownBy(() -> RestrictedGateGrpc.newBlockingStub(channel.channel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(twice)).decide(read("twice", METER)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> assertThat(
                            refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
    }

    /** A token is checked when a stream opens and again at each question: once it expires, the stream ends. */
    @Test
    void aStreamWhoseTokenExpiresIsEndedUnauthenticatedAtItsNextQuestion() throws Exception {
        String shortLived = tokens.sign("DCC-DSP", List.of(UserRole.DCC), null, Duration.ofSeconds(1));
        Answers<BatchLine> answers = new Answers<>();
        int[] sent = {1};
        try (GateTransport.Channel channel = grpc(shortLived)) {
            io.grpc.stub.StreamObserver<DecisionRequest> stream = RestrictedGateGrpc.newStub(channel.channel())
                    .withCallCredentials(GateTransport.bearer(shortLived)).decideStream(answers);
            stream.onNext(read("expiring-0", METER));
            assertThat(answers.received.poll(10, TimeUnit.SECONDS)).as("answered while the token is valid")
                    .isNotNull();
            org.awaitility.Awaitility.await("the stream ended once its token expired").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        if (!answers.ended.isDone()) {
                            stream.onNext(read("expiring-" + sent[0]++, METER));
                        }
                        return answers.ended.isDone();
                    });
        }
        assertThatThrownBy(answers.ended::get).cause().isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getStatus().getDescription()).contains("expired");
        });
    }

    @Test
    void aDuisDocumentOverTheLimitIsResourceExhaustedAndAMalformedOneNamesWhatIsWrong() {
        try (GateTransport.Channel channel = grpc(api.token("DCC-DSP", UserRole.DCC))) {
            String huge = "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><sr:Body>"
                    + "<sr:Pad>" + "A".repeat(2_200_000) + "</sr:Pad></sr:Body></sr:Request>";
            assertThatThrownBy(() -> channel.stub().decideDuis(DuisRequest.newBuilder()
                    .setDocument(ByteString.copyFrom(huge, StandardCharsets.UTF_8)).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> assertThat(
                            refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            assertThatThrownBy(() -> channel.stub().decideDuis(DuisRequest.newBuilder()
                    .setDocument(ByteString.copyFrom("<Request><Header/></Request>", StandardCharsets.UTF_8)).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(GateTransport.error(refused).at("/errors/0/field").asText()).isEqualTo("Request");
                        assertThat(refused.getStatus().getDescription()).doesNotContain("Exception", "at uk.");
                    });
        }
    }

    @Test
    void theHealthProtocolServesWhileThisNodeIsReadyAndNotWhileItsIndexIsBehind() throws Exception {
        TrackingEventProcessor feed = processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)
                .orElseThrow();
        try (GateTransport.Channel channel = grpc("")) {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel.channel());
            HealthCheckRequest gate = HealthCheckRequest.newBuilder().setService(GrpcGateServer.SERVICE).build();
            Eventually.holds("SERVING", Duration.ofSeconds(20),
                    () -> health.check(gate).getStatus() == HealthCheckResponse.ServingStatus.SERVING);
            String meter = "00-DB-12-34-56-78-96-C0";
            String dcc = api.token("DCC-DSP", UserRole.DCC);
            api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(meter, "90-B3-D5-1F-30-01-00-00"));
            feed.shutDown();
            try {
                api.send("POST", "/api/v1/devices/" + meter + "/smi-status-changes", dcc,
                        "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
                Eventually.holds("NOT_SERVING once the stalled feed is behind the store", Duration.ofSeconds(30),
                        () -> health.check(gate).getStatus() == HealthCheckResponse.ServingStatus.NOT_SERVING);
                assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                        .isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
            } finally {
                feed.start();
            }
            Eventually.holds("SERVING again", Duration.ofSeconds(30),
                    () -> health.check(gate).getStatus() == HealthCheckResponse.ServingStatus.SERVING);
        }
    }
}
