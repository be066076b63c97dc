package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Synthetic DSP outcome logs for a month, seeded and deterministic: the same settings always write the
 * same bytes. Rows are spread evenly over the month in time order. Devices are numbered 0 to
 * {@code devices - 1} with IDs {@code 00-DB-52-xx-xx-xx-xx-xx} (the number in the last five octets) and
 * CSP region {@code n mod 3} (North, Central, South); the first {@code restrictedShare} of them are
 * Restricted, so their consumption reads are refused by the gate (R1). Of the others' requests,
 * {@code failureRate} go unanswered, {@code slowRate} are answered after the target, and the rest in 0.2
 * to 4 s. {@link #inventory} writes the same devices as a bulk-import CSV, so a service can be given them.
 *
 * @param consumptionShare share of requests that are consumption reads (4.1.1, 4.8.1, 4.6.1)
 */
public record OutcomeLogGenerator(YearMonth month, long rows, int devices, double restrictedShare,
                                  double failureRate, double slowRate, double consumptionShare, long seed) {

    private static final String[] CONSUMPTION = {"4.1.1", "4.8.1", "4.6.1"};
    private static final String[] OTHER = {"11.2", "6.15.1", "8.2", "2.1", "6.2.1"};
    private static final String[] REGIONS = {"NORTH", "CENTRAL", "SOUTH"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    public OutcomeLogGenerator {
        if (rows < 0 || devices < 1 || restrictedShare < 0 || restrictedShare > 1 || failureRate < 0
                || slowRate < 0 || failureRate + slowRate > 1 || consumptionShare < 0 || consumptionShare > 1) {
            throw new IllegalArgumentException("rows >= 0, devices >= 1, shares and rates between 0 and 1");
        }
    }

    /** The device ID of device number {@code n}. */
    public static String deviceId(long n) {
        return String.format("00-DB-52-%02X-%02X-%02X-%02X-%02X", n >> 32 & 0xFF, n >> 24 & 0xFF, n >> 16 & 0xFF,
                n >> 8 & 0xFF, n & 0xFF);
    }

    public int restrictedDevices() {
        return (int) Math.round(devices * restrictedShare);
    }

    /** Writes the log, header first. */
    public void write(OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long span = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - start;
        int restricted = restrictedDevices();
        byte[][] ids = new byte[Math.min(devices, 1 << 20)][];
        StringBuilder line = new StringBuilder(160);
        byte[] header = (OutcomeLogReader.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(header);
        long currentDay = -1;
        String dayText = "";
        byte[] buffer = new byte[1 << 20];
        int used = 0;
        for (long k = 0; k < rows; k++) {
            long time = start + (rows == 0 ? 0 : k * span / rows);
            long day = Math.floorDiv(time, 86_400_000L);
            if (day != currentDay) {
                currentDay = day;
                dayText = DAY.format(Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC)) + "T";
            }
            int device = random.nextInt(devices);
            boolean consumption = random.nextDouble() < consumptionShare;
            String srv = consumption ? CONSUMPTION[random.nextInt(CONSUMPTION.length)] : OTHER[random.nextInt(OTHER.length)];
            double fate = random.nextDouble();
            int ms = 200 + random.nextInt(3_800);
            line.setLength(0);
            long inDay = time - day * 86_400_000L;
            line.append(dayText);
            two(line, (int) (inDay / 3_600_000)).append(':');
            two(line, (int) (inDay / 60_000 % 60)).append(':');
            two(line, (int) (inDay / 1000 % 60)).append('.');
            three(line, (int) (inDay % 1000)).append("Z,90-B3-D5-1F-30-01-00-00:").append(id(ids, device)).append(':')
                    .append(k).append(",IS,").append(srv).append(',').append(id(ids, device)).append(',')
                    .append(REGIONS[device % 3]).append(',');
            if (device < restricted && consumption) {
                line.append("REJECTED,R1,");
            } else if (fate < failureRate) {
                line.append("NOT_RESPONDING,,");
            } else if (fate < failureRate + slowRate) {
                line.append("DELIVERED,,").append(30_001 + ms);
            } else {
                line.append("DELIVERED,,").append(ms);
            }
            line.append('\n');
            if (used + line.length() > buffer.length) {
                out.write(buffer, 0, used);
                used = 0;
            }
            for (int i = 0; i < line.length(); i++) {
                buffer[used++] = (byte) line.charAt(i);
            }
        }
        out.write(buffer, 0, used);
        out.flush();
    }

    /** The devices as a bulk-import CSV (POST /api/v1/inventory/imports): commissioned, credit, SMETS2 meters. */
    public void inventory(OutputStream out, String supplierParty) throws IOException {
        StringBuilder csv = new StringBuilder("deviceId,deviceType,smetsVersion,smiStatus,commsHubId,commsHubStatus,"
                + "gpfId,mpxn,cspRegion,paymentMode,supplierPartyId,supplierRole,loadSwitching,radioTeleswitch,"
                + "networkManagedWithoutWan,effectiveAt\n");
        for (int n = 0; n < devices; n++) {
            csv.append(deviceId(n)).append(",ESME,SMETS2,COMMISSIONED,").append(deviceId(n).replace("00-DB-52", "00-DB-53"))
                    .append(",COMMISSIONED,,").append(String.format("19%011d", n)).append(',').append(REGIONS[n % 3])
                    .append(",CREDIT,").append(supplierParty).append(",IS,false,false,false,")
                    .append(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)).append('\n');
            if (csv.length() > 1 << 16) {
                out.write(csv.toString().getBytes(StandardCharsets.US_ASCII));
                csv.setLength(0);
            }
        }
        out.write(csv.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String id(byte[][] cache, int device) {
        if (device < cache.length) {
            if (cache[device] == null) {
                cache[device] = deviceId(device).getBytes(StandardCharsets.US_ASCII);
            }
            return new String(cache[device], StandardCharsets.US_ASCII);
        }
        return deviceId(device);
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static StringBuilder three(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 100)).append((char) ('0' + value / 10 % 10))
                .append((char) ('0' + value % 10));
    }
}
