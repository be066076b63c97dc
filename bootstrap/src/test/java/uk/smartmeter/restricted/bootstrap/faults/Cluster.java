package uk.smartmeter.restricted.bootstrap.faults;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;

/**
 * Nodes of the service on one fresh PostgreSQL database, the suite's HTTP client and client threads, tokens, and the
 * API calls the fault tests make, as a DCC's or a Supplier's developer would write them.
 */
final class Cluster implements AutoCloseable {

    static final String SUPPLIER = "SUPPLIER-FAULTS";
    static final String OTHER_SUPPLIER = "SUPPLIER-OTHER";
    private static final String SENDER = "90-B3-D5-1F-30-01-00-00";

    final String name;
    final String jdbcUrl;
    final Store store;
    final Http http = new Http();
    final Pool pool;
    final List<ServiceProcess> nodes = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicLong requestCounter = new AtomicLong(1000);

    private Cluster(String name, String jdbcUrl, int connections) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.store = new Store(jdbcUrl);
        this.pool = new Pool(name + "-client", connections);
    }

    /** A fresh database named after the test, and {@code nodes} nodes on it, all ready. */
    static Cluster start(String name, int nodes) throws Exception {
        Cluster cluster = onFreshDatabase(name);
        for (int n = 0; n < nodes; n++) {
            cluster.addNode(nodeName(n), cluster.jdbcUrl);
        }
        return cluster;
    }

    static Cluster onFreshDatabase(String name) throws Exception {
        String database = "faults_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        String url = LocalPostgres.freshDatabase(database);
        // a fresh database starts with no checkpoints, and so does its archive
        java.nio.file.Path archive = FaultsJar.dir().resolve("checkpoints-" + database);
        if (java.nio.file.Files.isDirectory(archive)) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(archive)) {
                for (java.nio.file.Path file : files.toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
        }
        System.out.println("FAULTS " + name + ": database " + url + ", jar " + FaultsJar.jar() + ", logs "
                + FaultsJar.dir() + ", sizes " + FaultSizes.describe());
        return new Cluster(name, url, FaultSizes.CONNECTIONS);
    }

    static String nodeName(int n) {
        return String.valueOf((char) ('a' + n));
    }

    /** Starts a node (the first alone, so that it migrates the schema) and waits until it is ready. */
    ServiceProcess addNode(String node, String nodeJdbcUrl, String... extra) {
        ServiceProcess process = ServiceProcess.start(name + "-" + node, nodeJdbcUrl, extra);
        nodes.add(process);
        return process;
    }

    ServiceProcess node(int n) {
        return nodes.get(n);
    }

    // ---- tokens

    private final Map<Integer, io.grpc.ManagedChannel> grpcChannels = new java.util.concurrent.ConcurrentHashMap<>();

    String dcc() {
        return token("DCC-DSP", "DCC", null);
    }

    String regulator() {
        return token("OFGEM", "REGULATOR", null);
    }

    String supplier() {
        return token(SUPPLIER, "IS", null);
    }

    String otherSupplier() {
        return token(OTHER_SUPPLIER, "IS", null);
    }

    /** A token from {@code POST /local/tokens} of any live node (they share the signing key); kept. */
    String token(String party, String role, String actingUser) {
        return tokens.computeIfAbsent(party + "/" + role + "/" + actingUser, key -> mint(party, role, actingUser));
    }

    /** A fresh token naming {@code actingUser} (not kept: one per request). */
    String mint(String party, String role, String actingUser) {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("partyId", party);
        request.put("roles", List.of(role));
        if (actingUser != null) {
            request.put("actingUser", actingUser);
        }
        String body = Http.json(request);
        List<String> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            for (ServiceProcess node : nodes) {
                if (!node.alive()) {
                    continue;
                }
                Http.Reply reply = http.call("POST", node.url("/local/tokens")).json(body)
                        .timeout(Duration.ofSeconds(10)).send();
                if (reply.status() == 200) {
                    return reply.json().path("token").asText();
                }
                tried.add(node.name() + ": " + reply.outcome());
            }
        }
        throw new IllegalStateException("no node minted a token: " + tried);
    }

    // ---- meters

    /** The meter {@code n} of this suite: an EUI-64 in a range of its own. */
    static String meter(int n) {
        return String.format("00-DB-FA-01-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    static String commsHub(int n) {
        return String.format("00-DB-FA-02-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    static String enrolment(int n) {
        String region = List.of("NORTH", "CENTRAL", "SOUTH").get(n % 3);
        return """
                {"deviceId":"%s","deviceType":"ESME","smetsVersion":"SMETS2","smiStatus":"COMMISSIONED",
                 "commsHubId":"%s","commsHubStatus":"COMMISSIONED","mpxn":"%s","cspRegion":"%s","paymentMode":"CREDIT",
                 "responsibleSupplier":{"partyId":"%s","role":"IS"},
                 "siteCharacteristics":{"loadSwitching":false,"radioTeleswitch":false,"networkManagedWithoutWan":false}}
                """.formatted(meter(n), commsHub(n), String.format("19%011d", n), region, SUPPLIER);
    }

    /** Gas meter {@code n} (its own numbering), with its GPF. */
    static String gasMeter(int n) {
        return String.format("00-DB-FA-04-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    static String gpf(int n) {
        return String.format("00-DB-FA-05-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    static String gasEnrolment(int n) {
        return enrolment(n).replace(meter(n), gasMeter(n)).replace(commsHub(n), String.format(
                        "00-DB-FA-06-00-%02X-%02X-%02X", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF))
                .replace("\"ESME\"", "\"GSME\"").replace(String.format("19%011d", n), String.format("%010d", 1_000_000 + n))
                .replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf(n) + "\",\"commsHubStatus\"");
    }

    /** Enrols gas meters {@code first .. first+count-1} with their GPFs, spread over the live nodes; each must be 201. */
    List<String> enrolGas(int first, int count) {
        String dcc = dcc();
        List<Integer> numbers = IntStream.range(first, first + count).boxed().toList();
        List<ServiceProcess> live = nodes.stream().filter(ServiceProcess::alive).toList();
        List<Http.Reply> replies = pool.map(numbers, n -> http.call("POST",
                live.get(n % live.size()).url("/api/v1/devices")).token(dcc).json(gasEnrolment(n)).send());
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i).status() != 201) {
                throw new IllegalStateException("enrolment of " + gasMeter(numbers.get(i)) + " answered " + replies.get(i));
            }
        }
        return numbers.stream().map(Cluster::gasMeter).toList();
    }

    /** Enrols meters {@code first .. first+count-1} as the DCC, spread over the live nodes; each must be 201. */
    List<String> enrol(int first, int count) {
        String dcc = dcc();
        List<Integer> numbers = IntStream.range(first, first + count).boxed().toList();
        List<Http.Reply> replies = pool.map(numbers, n -> http.call("POST",
                        nodes.get(n % nodes.size()).url("/api/v1/devices")).token(dcc).json(enrolment(n)).send());
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i).status() != 201) {
                throw new IllegalStateException("enrolment of " + meter(numbers.get(i)) + " answered " + replies.get(i));
            }
        }
        return numbers.stream().map(Cluster::meter).toList();
    }

    // ---- commands

    /**
     * The day the attestations say the steps were exhausted, fixed once per run: a body built from today's date
     * would differ when a retry comes after midnight, and the service rightly answers a retry with another body
     * under the same Idempotency-Key 422 IDEMPOTENCY_KEY_REUSED (a CI run that crossed 00:00 UTC met that).
     */
    private static final LocalDate STEPS_EXHAUSTED_ON = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    static String attestation(String reference) {
        return "{\"attestation\":{\"reference\":\"" + reference + "\",\"stepsExhaustedOn\":\""
                + STEPS_EXHAUSTED_ON + "\"}}";
    }

    Http.Call apply(ServiceProcess node, String meter, String token, String reference) {
        return http.call("PUT", node.url("/api/v1/devices/" + meter + "/restriction")).token(token)
                .json(attestation(reference));
    }

    Http.Call clear(ServiceProcess node, String meter, String token) {
        return http.call("DELETE", node.url("/api/v1/devices/" + meter + "/restriction?reason=CONSUMER_REQUEST"))
                .token(token);
    }

    Http.Reply status(ServiceProcess node, String meter) {
        return http.get(node.url("/api/v1/devices/" + meter), dcc(), Duration.ofSeconds(30));
    }

    // ---- the gate

    /** Asks {@code node}'s gate whether a consumption read (SRV 4.1.1) may go to {@code meter}. */
    Http.Reply askConsumption(ServiceProcess node, String meter, Duration timeout) {
        String question = "{\"requestId\":\"" + SENDER + ":" + meter + ":" + requestCounter.incrementAndGet()
                + "\",\"senderId\":\"" + SENDER + "\",\"senderRole\":\"IS\",\"srv\":\"4.1.1\",\"deviceId\":\""
                + meter + "\"}";
        return http.call("POST", node.url("/api/v1/gate/decisions")).token(dcc()).json(question).timeout(timeout)
                .send();
    }

    /**
     * The same question over the node's gRPC gate: "ALLOW", "DENY R1", "DENY R3"..., or {@code grpc:<status>} when it
     * is not a decision (a deadline passed is {@code grpc:DEADLINE_EXCEEDED}).
     */
    String askConsumptionOverGrpc(ServiceProcess node, String meter, Duration timeout) {
        io.grpc.ManagedChannel channel = grpcChannels.computeIfAbsent(node.grpcPort(), port -> io.grpc.Grpc
                .newChannelBuilderForAddress("127.0.0.1", port, io.grpc.InsecureChannelCredentials.create()).build());
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(uk.smartmeter.restricted.adapter.grpc.GrpcCallers.AUTHORIZATION, "Bearer " + dcc());
        try {
            uk.smartmeter.restricted.adapter.grpc.v1.DecisionResponse answer = uk.smartmeter.restricted.adapter.grpc.v1
                    .RestrictedGateGrpc.newBlockingStub(channel)
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .decide(uk.smartmeter.restricted.adapter.grpc.v1.DecisionRequest.newBuilder()
                            .setRequestId(SENDER + ":" + meter + ":" + requestCounter.incrementAndGet())
                            .setSenderId(SENDER).setSenderRole("IS").setSrv("4.1.1").setDeviceId(meter).build());
            return answer.getResponseCode().isEmpty() ? answer.getDecision().name()
                    : answer.getDecision().name() + " " + answer.getResponseCode();
        } catch (io.grpc.StatusRuntimeException failed) {
            return "grpc:" + failed.getStatus().getCode();
        }
    }

    /** "ALLOW", "DENY R1", "DENY R3"..., or the reply's outcome when it is not a decision. */
    static String verdict(Http.Reply reply) {
        if (reply.status() != 200) {
            return reply.outcome();
        }
        String decision = reply.json().path("decision").asText("?");
        String code = reply.json().path("responseCode").asText("");
        return code.isEmpty() ? decision : decision + " " + code;
    }

    @Override
    public void close() {
        pool.close();
        grpcChannels.values().forEach(io.grpc.ManagedChannel::shutdownNow);
        for (ServiceProcess node : nodes) {
            node.stop();
        }
    }
}
