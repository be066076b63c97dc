package uk.smartmeter.restricted.bootstrap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import uk.smartmeter.restricted.adapter.grpc.GrpcCallers;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchLine;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.DuisRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.RestrictedGateGrpc;

/**
 * The gate's two ways in, asked the same questions and read as the same JSON, so that one end-to-end case proves both:
 * HTTP's JSON as it comes, gRPC's protobuf answers printed by protobuf's JSON mapping (whose field names are the HTTP
 * API's). A gRPC error is read as {@code {"grpcStatus": CODE, "description": …}}.
 */
enum GateTransport {
    HTTP, GRPC;

    /** One decision, as the HTTP gate's {@code DecisionResponse}. */
    JsonNode decide(RunningService service, String token, String json) {
        if (this == HTTP) {
            return service.api.send("POST", "/api/v1/gate/decisions", token, json).json();
        }
        try (Channel channel = service.grpc(token)) {
            DecisionRequest.Builder request = DecisionRequest.newBuilder();
            JsonFormat.parser().merge(json, request);
            return json(channel.stub().decide(request.build()));
        } catch (StatusRuntimeException refused) {
            return error(refused);
        } catch (InvalidProtocolBufferException notAQuestion) {
            throw new IllegalArgumentException(notAQuestion);
        }
    }

    /** One DUIS document, as the HTTP gate's {@code DuisDecisionResponse}. */
    JsonNode duis(RunningService service, String token, String xml, String senderRole) {
        if (this == HTTP) {
            return service.api.send("POST", "/api/v1/gate/duis?senderRole=" + senderRole, token, xml,
                    Map.of("Content-Type", "application/xml")).json();
        }
        try (Channel channel = service.grpc(token)) {
            return json(channel.stub().decideDuis(DuisRequest.newBuilder()
                    .setDocument(ByteString.copyFrom(xml, StandardCharsets.UTF_8)).setSenderRole(senderRole).build()));
        } catch (StatusRuntimeException refused) {
            return error(refused);
        }
    }

    /**
     * A batch, one answer line per question in order: over HTTP as NDJSON, over gRPC as one stream whose every
     * question is sent before a single answer is read.
     */
    List<JsonNode> batch(RunningService service, String token, List<String> lines) throws Exception {
        if (this == HTTP) {
            HttpApi.Response answer = service.api.send("POST", "/api/v1/gate/decisions/batch", token,
                    String.join("\n", lines) + "\n", Map.of("Content-Type", "application/x-ndjson"));
            List<JsonNode> out = new ArrayList<>();
            for (String line : answer.body().split("\n")) {
                out.add(HttpApi.Response.parse(line));
            }
            return out;
        }
        try (Channel channel = service.grpc(token)) {
            List<JsonNode> out = new ArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<DecisionRequest> questions = RestrictedGateGrpc.newStub(channel.channel())
                    .withCallCredentials(bearer(token)).decideStream(new StreamObserver<>() {
                        @Override
                        public void onNext(BatchLine line) {
                            out.add(json(line));
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
            for (String line : lines) {
                DecisionRequest.Builder request = DecisionRequest.newBuilder();
                JsonFormat.parser().merge(line, request);
                questions.onNext(request.build());
            }
            questions.onCompleted();
            done.get(60, TimeUnit.SECONDS);
            return out;
        }
    }

    static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(GrpcCallers.AUTHORIZATION, "Bearer " + token);
                applier.apply(headers);
            }
        };
    }

    static JsonNode json(Message message) {
        try {
            return HttpApi.Response.parse(JsonFormat.printer().print(message));
        } catch (InvalidProtocolBufferException unprintable) {
            throw new IllegalStateException(unprintable);
        }
    }

    /** A gRPC error as {@code {"grpcStatus", "description", "errors": [{"field", "rule"}]}} (its BadRequest). */
    static JsonNode error(StatusRuntimeException refused) {
        com.fasterxml.jackson.databind.node.ObjectNode error = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        error.put("grpcStatus", refused.getStatus().getCode().name());
        error.put("description", refused.getStatus().getDescription());
        com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(refused);
        if (status != null) {
            com.fasterxml.jackson.databind.node.ArrayNode errors = error.putArray("errors");
            for (com.google.protobuf.Any detail : status.getDetailsList()) {
                if (detail.is(com.google.rpc.BadRequest.class)) {
                    try {
                        for (com.google.rpc.BadRequest.FieldViolation violation
                                : detail.unpack(com.google.rpc.BadRequest.class).getFieldViolationsList()) {
                            errors.addObject().put("field", violation.getField())
                                    .put("rule", violation.getDescription());
                        }
                    } catch (InvalidProtocolBufferException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                }
            }
        }
        return error;
    }

    /** A channel to this node's gRPC gate, with the token as call credentials on its stub. */
    record Channel(ManagedChannel channel, String token) implements AutoCloseable {

        static Channel to(int port, String token) {
            return new Channel(Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                    .build(), token);
        }

        RestrictedGateGrpc.RestrictedGateBlockingStub stub() {
            return RestrictedGateGrpc.newBlockingStub(channel).withCallCredentials(bearer(token))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }
}
