import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import uk.smartmeter.restricted.adapter.grpc.v1.BatchLine;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionRequest;
import uk.smartmeter.restricted.adapter.grpc.v1.DecisionResponse;
import uk.smartmeter.restricted.adapter.grpc.v1.RestrictedGateGrpc;

/**
 * Load runs against the gRPC gate (issue 20), the counterpart of bench/gate.lua for wrk. bench/gate-transports.sh
 * gives it its classpath and runs it beside the HTTP runs.
 *
 *   java -cp "$CP" bench/GrpcLoad.java single <port> <token> <connections> <warmupSeconds> <seconds>
 *     one Decide per call over <connections> channels (one TCP connection each), each with one call in flight at a
 *     time, as wrk -c keeps one request per connection: the same 1,000 questions as gate.lua's single mode (1 in 100
 *     a consumption read of a Restricted meter of bench/gate-prepare.sh, a DENY with its receipt).
 *   java -cp "$CP" bench/GrpcLoad.java stream <port> <token> <streams> <warmupSeconds> <seconds> <batch.ndjson>
 *     <streams> DecideStream calls, each sending the file's 1,000 questions and waiting for their 1,000 answers
 *     before sending them again, as wrk -c4 posts the file to /decisions/batch.
 *
 *   java -cp "$CP" bench/GrpcLoad.java batches <port> <token> <streams> <warmupSeconds> <seconds> <batch.ndjson>
 *     the same, but the file's 1,000 questions travel as one DecisionBatch message a batch (DecideBatches).
 *
 * Prints calls/s (batches/s for stream), decisions/s, and the latency percentiles of the measured window, in ms.
 */
public class GrpcLoad {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        String token = args[2];
        int connections = Integer.parseInt(args[3]);
        long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
        long measured = TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
        List<DecisionRequest> questions = mode.equals("single") ? singles() : fromFile(Path.of(args[6]));
        Run run = new Run(System.nanoTime() + warmup, System.nanoTime() + warmup + measured);
        List<ManagedChannel> channels = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                    InsecureChannelCredentials.create()).directExecutor().build();
            channels.add(channel);
            RestrictedGateGrpc.RestrictedGateStub stub = RestrictedGateGrpc.newStub(channel)
                    .withCallCredentials(bearer(token));
            if (mode.equals("single")) {
                new Single(stub, questions, run, done, c).next();
            } else if (mode.equals("batches")) {
                new Bulk(stub, questions, run, done).start();
            } else {
                new Batches(stub, questions, run, done).start();
            }
        }
        done.await(measured + warmup + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
        channels.forEach(ManagedChannel::shutdownNow);
        run.print(mode, mode.equals("single") ? 1 : questions.size());
    }

    /** The measured window's latencies and counts, shared by every connection. */
    static final class Run {
        final long from;
        final long to;
        final AtomicLong errors = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();
        long[] mine = new long[1 << 20];
        int count;

        Run(long from, long to) {
            this.from = from;
            this.to = to;
        }

        synchronized void record(long sent, long done) {
            if (sent >= from && done <= to) {
                if (count == mine.length) {
                    latencies.add(mine);
                    mine = new long[mine.length];
                    count = 0;
                }
                mine[count++] = done - sent;
            }
        }

        synchronized void print(String mode, int decisionsPerCall) {
            long[] all = new long[latencies.size() * (1 << 20) + count];
            int at = 0;
            for (long[] block : latencies) {
                System.arraycopy(block, 0, all, at, block.length);
                at += block.length;
            }
            System.arraycopy(mine, 0, all, at, count);
            Arrays.sort(all);
            double seconds = (to - from) / 1e9;
            System.out.printf("grpc %s: %d calls in %.1f s: %.2f calls/s, %.0f decisions/s, p50 %.2f ms, p90 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms, %d errors%n", mode, all.length, seconds, all.length / seconds,
                    all.length * (double) decisionsPerCall / seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                    all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get());
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
        }
    }

    /** One connection's closed loop of unary calls. */
    static final class Single implements StreamObserver<DecisionResponse> {
        final RestrictedGateGrpc.RestrictedGateStub stub;
        final List<DecisionRequest> questions;
        final Run run;
        final CountDownLatch done;
        int next;
        long sent;

        Single(RestrictedGateGrpc.RestrictedGateStub stub, List<DecisionRequest> questions, Run run,
               CountDownLatch done, int offset) {
            this.stub = stub;
            this.questions = questions;
            this.run = run;
            this.done = done;
            this.next = offset * 37;
        }

        void next() {
            sent = System.nanoTime();
            if (sent > run.to) {
                done.countDown();
                return;
            }
            stub.decide(questions.get(next++ % questions.size()), this);
        }

        @Override
        public void onNext(DecisionResponse answer) {
        }

        @Override
        public void onError(Throwable failed) {
            run.errors.incrementAndGet();
            next();
        }

        @Override
        public void onCompleted() {
            run.record(sent, System.nanoTime());
            next();
        }
    }

    /** One stream's closed loop of batches: send them all, wait for every answer, again. */
    static final class Batches implements ClientResponseObserver<DecisionRequest, BatchLine> {
        final RestrictedGateGrpc.RestrictedGateStub stub;
        final List<DecisionRequest> questions;
        final Run run;
        final CountDownLatch done;
        ClientCallStreamObserver<DecisionRequest> out;
        int answered;
        long sent;

        Batches(RestrictedGateGrpc.RestrictedGateStub stub, List<DecisionRequest> questions, Run run,
                CountDownLatch done) {
            this.stub = stub;
            this.questions = questions;
            this.run = run;
            this.done = done;
        }

        void start() {
            stub.decideStream(this);
            send();
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<DecisionRequest> stream) {
            out = stream;
        }

        private void send() {
            answered = 0;
            sent = System.nanoTime();
            for (DecisionRequest question : questions) {
                out.onNext(question);
            }
        }

        @Override
        public void onNext(BatchLine line) {
            if (++answered == questions.size()) {
                long now = System.nanoTime();
                run.record(sent, now);
                if (now > run.to) {
                    out.onCompleted();
                } else {
                    send();
                }
            }
        }

        @Override
        public void onError(Throwable failed) {
            run.errors.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }
    }

    /** One bulk stream's closed loop: a DecisionBatch of all the questions, wait for its BatchAnswer, again. */
    static final class Bulk implements StreamObserver<uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer> {
        final RestrictedGateGrpc.RestrictedGateStub stub;
        final uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch batch;
        final Run run;
        final CountDownLatch done;
        StreamObserver<uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch> out;
        long sent;

        Bulk(RestrictedGateGrpc.RestrictedGateStub stub, List<DecisionRequest> questions, Run run, CountDownLatch done) {
            this.stub = stub;
            this.batch = uk.smartmeter.restricted.adapter.grpc.v1.DecisionBatch.newBuilder().addAllQuestions(questions)
                    .build();
            this.run = run;
            this.done = done;
        }

        void start() {
            out = stub.decideBatches(this);
            sent = System.nanoTime();
            out.onNext(batch);
        }

        @Override
        public void onNext(uk.smartmeter.restricted.adapter.grpc.v1.BatchAnswer answer) {
            long now = System.nanoTime();
            run.record(sent, now);
            if (now > run.to) {
                out.onCompleted();
            } else {
                sent = now;
                out.onNext(batch);
            }
        }

        @Override
        public void onError(Throwable failed) {
            run.errors.incrementAndGet();
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }
    }

    /** gate.lua's single questions: 1 in 100 a consumption read of a Restricted meter, the rest ALLOWs. */
    static List<DecisionRequest> singles() {
        Random random = new Random(7);
        List<DecisionRequest> questions = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String device;
            String srv;
            if (i % 100 == 0) {
                device = String.format("00-DB-12-34-56-78-00-%02X", i / 100);
                srv = "4.1.1";
            } else {
                device = String.format("00-DB-12-34-%02X-%02X-%02X-%02X", random.nextInt(256), random.nextInt(256),
                        random.nextInt(256), random.nextInt(256));
                srv = i % 2 == 1 ? "4.8.1" : "6.15.1";
            }
            questions.add(DecisionRequest.newBuilder().setRequestId("grpc-" + i).setSenderId("90-B3-D5-1F-30-01-00-00")
                    .setSenderRole("IS").setSrv(srv).setDeviceId(device).build());
        }
        return questions;
    }

    static List<DecisionRequest> fromFile(Path ndjson) throws Exception {
        List<DecisionRequest> questions = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson)) {
            if (!line.isBlank()) {
                DecisionRequest.Builder question = DecisionRequest.newBuilder();
                com.google.protobuf.util.JsonFormat.parser().merge(line, question);
                questions.add(question.build());
            }
        }
        return questions;
    }

    static CallCredentials bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                applier.apply(headers);
            }
        };
    }
}
