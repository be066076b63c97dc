package uk.smartmeter.restricted.domain.reporting;

import java.nio.charset.StandardCharsets;
import uk.smartmeter.restricted.domain.device.CspRegion;

/**
 * One row of an outcome log, as the reader hands it over: valid only during the call that receives it,
 * then reused for the next row, so that a pass over billions of rows allocates nothing per row. The
 * request ID and the DSP code are read out only when asked for.
 */
public final class OutcomeRow {

    String file;
    long line;
    long epochMillis;
    int srv;
    long device;
    CspRegion region;
    Outcome outcome;
    int responseMs;
    byte[] buffer;
    int requestIdFrom;
    int requestIdTo;
    int codeFrom;
    int codeTo;
    int srvFrom;
    int srvTo;

    /** Points the row at a file's read buffer: a reader calls this once per file. */
    public void readFrom(String file, byte[] buffer) {
        this.file = file;
        this.buffer = buffer;
    }

    /**
     * The row's fields as a reader parsed them, the text ones as ranges of the buffer ({@code from} inclusive,
     * {@code to} exclusive).
     */
    public void set(long line, long epochMillis, int srv, long device, CspRegion region, Outcome outcome,
                    int responseMs, int requestIdFrom, int requestIdTo, int srvFrom, int srvTo, int codeFrom,
                    int codeTo) {
        this.line = line;
        this.epochMillis = epochMillis;
        this.srv = srv;
        this.device = device;
        this.region = region;
        this.outcome = outcome;
        this.responseMs = responseMs;
        this.requestIdFrom = requestIdFrom;
        this.requestIdTo = requestIdTo;
        this.srvFrom = srvFrom;
        this.srvTo = srvTo;
        this.codeFrom = codeFrom;
        this.codeTo = codeTo;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long epochMillis() {
        return epochMillis;
    }

    /** The SRV's index in the {@link SrvIndex}. */
    public int srv() {
        return srv;
    }

    /** The target device's EUI-64 as a number. */
    public long device() {
        return device;
    }

    public CspRegion region() {
        return region;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Milliseconds to the response; -1 when the log gave none. */
    public int responseMs() {
        return responseMs;
    }

    /** The SRV as the log wrote it, such as {@code 4.1.1}. */
    public String srvText() {
        return new String(buffer, srvFrom, srvTo - srvFrom, StandardCharsets.US_ASCII);
    }

    /** The device ID in the DUIS form, such as {@code 00-DB-12-34-56-78-90-A0}. */
    public String deviceId() {
        char[] text = new char[23];
        for (int octet = 0; octet < 8; octet++) {
            int value = (int) (device >>> (56 - 8 * octet)) & 0xFF;
            text[octet * 3] = HEX[value >> 4];
            text[octet * 3 + 1] = HEX[value & 0xF];
            if (octet < 7) {
                text[octet * 3 + 2] = '-';
            }
        }
        return new String(text);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public String requestId() {
        return new String(buffer, requestIdFrom, requestIdTo - requestIdFrom, StandardCharsets.UTF_8);
    }

    /** The DSP's code, empty when it gave none. */
    public String code() {
        return new String(buffer, codeFrom, codeTo - codeFrom, StandardCharsets.US_ASCII);
    }

    /** The key of the gate receipt this row's denial claim needs ({@link DenialKey}). */
    public long denialKey() {
        return DenialKey.of(buffer, requestIdFrom, requestIdTo, device, buffer, srvFrom, srvTo, buffer, codeFrom,
                codeTo);
    }

    /**
     * Whether the DSP's code claims the gate's refusal for a Restricted meter: R1 (consumption) or R2 (clear
     * first). Only a claim: the report counts it as a gate denial only when the gate's receipt exists.
     */
    public boolean isRestrictedDenial() {
        return outcome == Outcome.REJECTED && codeTo - codeFrom == 2 && buffer[codeFrom] == 'R'
                && (buffer[codeFrom + 1] == '1' || buffer[codeFrom + 1] == '2');
    }
}
