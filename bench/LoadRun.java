import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load runs against a running service in local token mode (JDK only; nothing to build):
 *
 *   java bench/LoadRun.java flags  [baseUrl] [clients] [devicesPerClient] [warmupSeconds] [seconds]
 *     apply/clear Restricted mode over HTTP with N concurrent clients. Each client owns its meters and
 *     alternates apply and clear on them, so every request records an event. Prints requests/s and
 *     latency percentiles of the measured window.
 *
 *   java bench/LoadRun.java prepare [baseUrl] [devices]
 *     enrols the meters for bench/flags.lua (wrk) and prints "<supplier token> <run id>".
 *
 *   java bench/LoadRun.java import [baseUrl] [devices]
 *     streams a generated inventory of N meters (NDJSON) through the bulk import, reading the per-line
 *     answers as they stream back; nothing is held in memory on either side. Prints elapsed time,
 *     devices/s and the service's summary line.
 */
public class LoadRun {

    public static void main(String[] args) throws Exception {
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        if (args.length > 0 && args[0].equals("import")) {
            inventoryImport(rest);
        } else if (args.length > 0 && args[0].equals("prepare")) {
            prepare(rest);
        } else if (args.length > 0 && args[0].equals("flags")) {
            flags(rest);
        } else {
            System.err.println("usage: java bench/LoadRun.java flags|import [baseUrl] ...");
            System.exit(2);
        }
    }

    static void start(Runnable work, List<Thread> into) {
        Thread thread = new Thread(work);
        thread.start();
        into.add(thread);
    }

    static void prepare(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int run = (int) (System.currentTimeMillis() % 0xFFFF);
        StringBuilder inventory = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            inventory.append(enrolment(String.format("72-%02X-%02X-00-00-%02X-%02X-%02X", run >> 8, run & 0xFF,
                    i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF))).append('\n');
        }
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/inventory/imports"))
                .header("Authorization", "Bearer " + token(http, base, "DCC-DSP", "DCC"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(inventory.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!imported.body().contains("\"enrolled\":" + devices)) {
            throw new IllegalStateException("enrolment failed: " + imported.body().lines().reduce((a, b) -> b).orElse(""));
        }
        System.out.println(token(http, base, "SUPPLIER-LOAD", "IS") + " " + run);
    }

    static void flags(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int devicesPerClient = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String dcc = token(http, base, "DCC-DSP", "DCC");
        String supplier = token(http, base, "SUPPLIER-LOAD", "IS");

        int devices = clients * devicesPerClient;
        long run = System.currentTimeMillis() % 0xFFFF;
        String[] ids = new String[devices];
        StringBuilder inventory = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            ids[i] = String.format("%02X-%02X-%02X-%02X-%02X-%02X-%02X-%02X", 0x70, run >> 8, run & 0xFF, 0, 0,
                    i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF);
            inventory.append(enrolment(ids[i])).append('\n');
        }
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/inventory/imports"))
                .header("Authorization", "Bearer " + dcc).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(inventory.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        String summary = imported.body().lines().reduce((a, b) -> b).orElse("");
        System.out.println("enrolled " + devices + " meters for the run: " + summary);

        String attestation = "{\"attestation\":{\"reference\":\"LOAD\",\"stepsExhaustedOn\":\""
                + LocalDate.now().minusDays(1) + "\"}}";
        long warmupEnds = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long ends = warmupEnds + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[5_000_000];
            latencies.add(mine);
            int client = c;
            start(() -> {
                HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                boolean[] restricted = new boolean[devicesPerClient];
                int n = 0;
                for (long i = 0; System.nanoTime() < ends; i++) {
                    int d = (int) (i % devicesPerClient);
                    String device = base + "/api/v1/devices/" + ids[client * devicesPerClient + d] + "/restriction";
                    HttpRequest request = restricted[d]
                            ? HttpRequest.newBuilder(URI.create(device + "?reason=CONSUMER_REQUEST"))
                            .header("Authorization", "Bearer " + supplier).DELETE().build()
                            : HttpRequest.newBuilder(URI.create(device)).header("Authorization", "Bearer " + supplier)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(attestation)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = own.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200 || !response.body().contains("\"changed\":true")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception failed) {
                        errors.incrementAndGet();
                    }
                    long end = System.nanoTime();
                    restricted[d] = !restricted[d];
                    if (start >= warmupEnds && n < mine.length) {
                        mine[n++] = end - start;
                    }
                }
                counts[client] = n;
            }, threads);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf("clients=%d measured=%ds requests=%d errors=%d throughput=%.0f req/s "
                        + "p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", clients, seconds, total, errors.get(),
                total / (double) seconds, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all[all.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static String enrolment(String id) {
        return "{\"deviceId\":\"" + id + "\",\"deviceType\":\"ESME\",\"smetsVersion\":\"SMETS2\",\"smiStatus\":"
                + "\"COMMISSIONED\",\"commsHubId\":\"00-DB-12-34-56-78-90-A2\",\"commsHubStatus\":\"COMMISSIONED\","
                + "\"mpxn\":\"1234567890123\",\"cspRegion\":\"CENTRAL\",\"paymentMode\":\"CREDIT\","
                + "\"responsibleSupplier\":{\"partyId\":\"SUPPLIER-LOAD\",\"role\":\"IS\"},\"siteCharacteristics\":"
                + "{\"loadSwitching\":false,\"radioTeleswitch\":false,\"networkManagedWithoutWan\":false}}";
    }

    static String token(HttpClient http, String base, String party, String role) throws Exception {
        HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(base + "/local/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partyId\":\"" + party + "\",\"roles\":[\"" + role
                        + "\"],\"validForSeconds\":86400}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(minted.body());
        if (!token.find()) {
            throw new IllegalStateException("could not mint a token (is the service in local mode?): " + minted.body());
        }
        return token.group(1);
    }

    static void inventoryImport(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long run = System.currentTimeMillis() % 0xFFFF;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String dcc = token(http, base, "DCC-DSP", "DCC");

        InputStream inventory = new InputStream() {
            private int next;
            private byte[] line = new byte[0];
            private int at;

            @Override
            public int read() {
                if (at == line.length) {
                    if (next == devices) {
                        return -1;
                    }
                    int i = next++;
                    String id = String.format("%02X-%02X-%02X-%02X-%02X-%02X-%02X-%02X", 0x71, run >> 8, run & 0xFF, 0,
                            i >> 24 & 0xFF, i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF);
                    line = (enrolment(id) + "\n").getBytes(StandardCharsets.UTF_8);
                    at = 0;
                }
                return line[at++] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = 0;
                while (n < length) {
                    int b = read();
                    if (b < 0) {
                        return n == 0 ? -1 : n;
                    }
                    buffer[offset + n++] = (byte) b;
                }
                return n;
            }
        };

        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/inventory/imports"))
                .header("Authorization", "Bearer " + dcc).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> inventory)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        String last = "";
        try (BufferedReader answers = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String answer = answers.readLine(); answer != null; answer = answers.readLine()) {
                lines++;
                last = answer;
                if (lines % 100_000 == 0) {
                    System.out.printf("%,d lines answered after %.1f s%n", lines, (System.nanoTime() - start) / 1e9);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("devices=%d status=%d elapsed=%.1f s throughput=%.0f devices/s%n", devices,
                response.statusCode(), seconds, devices / seconds);
        System.out.println(last);
    }
}
