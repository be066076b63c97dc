package uk.smartmeter.restricted.bootstrap.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's HTTP client: one JDK {@link HttpClient} (HTTP/1.1, so every concurrent request has a connection of its
 * own: 64 threads sending at once hold 64 connections), shared by every thread. A call never throws for the
 * network: it answers a {@link Reply} that either has a status or names the failure (refused, reset, timed out), with
 * the times it was sent and finished, because the fault tests count exactly those.
 */
final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Call call(String method, String url) {
        return new Call(method, url);
    }

    Reply get(String url, String token, Duration timeout) {
        return call("GET", url).token(token).timeout(timeout).send();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException notJson) {
            throw new IllegalStateException("not JSON: " + json, notJson);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** One request being built; {@link #send()} sends it (again, if called again). */
    final class Call {
        private final String method;
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private Duration timeout = Duration.ofSeconds(30);

        private Call(String method, String url) {
            this.method = method;
            this.url = url;
        }

        Call token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        Call json(String json) {
            this.body = json;
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        String method() {
            return method;
        }

        String url() {
            return url;
        }

        Reply send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Reply(response.statusCode(), response.body(), response.headers().map(), null, sent,
                        System.nanoTime());
            } catch (IOException failed) {
                return new Reply(-1, new byte[0], Map.of(), failed, sent, System.nanoTime());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return new Reply(-1, new byte[0], Map.of(), interrupted, sent, System.nanoTime());
            }
        }
    }

    /** An answer (status &gt; 0) or a failure to get one; times from {@link System#nanoTime()}. */
    record Reply(int status, byte[] bytes, Map<String, java.util.List<String>> headers, Throwable failure,
                 long sentNanos, long doneNanos) {

        boolean answered() {
            return failure == null;
        }

        boolean timedOut() {
            return failure instanceof HttpTimeoutException;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        long millis() {
            return (doneNanos - sentNanos) / 1_000_000;
        }

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or a missing node when it is not JSON. */
        JsonNode json() {
            try {
                JsonNode node = JSON.readTree(bytes);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }

        /** A problem's {@code code}, or null. */
        String code() {
            JsonNode code = json().path("code");
            return code.isTextual() ? code.asText() : null;
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().map(entry -> entry.getValue().get(0));
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        /** "200", "409 CONCURRENT_UPDATE", "timeout", "ConnectException"...: how the tests count outcomes. */
        String outcome() {
            if (!answered()) {
                return timedOut() ? "timeout" : failure.getClass().getSimpleName();
            }
            String code = status >= 400 ? code() : null;
            return code == null ? String.valueOf(status) : status + " " + code;
        }

        @Override
        public String toString() {
            return answered() ? status + " " + body() : "no answer: " + failure;
        }
    }
}
