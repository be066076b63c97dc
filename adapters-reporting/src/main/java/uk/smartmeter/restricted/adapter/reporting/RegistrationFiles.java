package uk.smartmeter.restricted.adapter.reporting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.RegistrationSources;
import uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.reconciliation.Registration;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled;

/**
 * Registration snapshots and daily deltas (issue 18, F14) as files in the registration folder, read in one streaming
 * pass with their SHA-256 taken as they are read. Two forms, told apart by the name:
 * <ul>
 *   <li>{@code .csv}: UTF-8, LF or CRLF, the header {@value #HEADER}, no quoting (no field holds a comma);</li>
 *   <li>{@code .ndjson} or {@code .jsonl}: one JSON object a line with exactly the members {@code mpxn}, {@code fuel},
 *       {@code supplierId}, {@code supplierRole} and {@code effectiveFrom}, all strings.</li>
 * </ul>
 * {@code fuel} is ELECTRICITY or GAS; the role IS, ES or GS; {@code effectiveFrom} an ISO-8601 instant with its offset,
 * or a date (the settlement day, from 00:00 in Great Britain), from 2000 to 2100. A line that breaks a rule is
 * reported with its line number, the field and the rule, and skipped. Blank lines are skipped and counted as lines.
 */
final class RegistrationFiles implements RegistrationSources {

    public static final String HEADER = "mpxn,fuel,supplier_id,supplier_role,effective_from";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/ -]{0,127}");
    private static final ZoneId GB = ZoneId.of("Europe/London");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2101-01-01T00:00:00Z");
    private static final int MAX_LINE = 1024;
    private static final int PROGRESS_EVERY = 65_536;
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final FolderFiles folder;

    RegistrationFiles(Path root) {
        this.folder = new FolderFiles(root, name -> new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID,
                "no readable registration file " + name + " under the registration folder"));
    }

    @Override
    public String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, "registration file names of 1 to"
                    + " 128 characters: letters, digits, spaces and . _ - /, beginning with a letter, digit or _");
        }
        String canonical = folder.canonical(name);
        if (!NAME.matcher(canonical).matches()) {
            throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, "a registration file's name in"
                    + " its folder is 1 to 128 characters and begins with a letter, a digit or _: " + canonical);
        }
        Form form = form(canonical);
        if (form == Form.CSV) {
            // the first line alone, so that what follows it is judged by the run, line by line
            try (InputStream in = folder.open(canonical)) {
                byte[] start = in.readNBytes(HEADER.length() + 2);
                int end = 0;
                while (end < start.length && start[end] != '\n') {
                    end++;
                }
                String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(start, 0, end))
                        .toString();
                if (!HEADER.equals(strip(text))) {
                    throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, canonical + ": line 1"
                            + " is the header " + HEADER);
                }
            } catch (CharacterCodingException notUtf8) {
                throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, canonical + ": line 1 is"
                        + " the header " + HEADER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return canonical;
    }

    private enum Form { CSV, NDJSON }

    private static Form form(String name) {
        if (name.endsWith(".csv")) {
            return Form.CSV;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Form.NDJSON;
        }
        throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, name + ": a registration file is"
                + " named .csv, .ndjson or .jsonl");
    }

    /** Lines as bytes up to LF, each decoded on its own, so that a bad byte costs its line only. */
    private static final class Lines {
        static final String TOO_LONG = new String("too long");
        static final String NOT_UTF8 = new String("not UTF-8");
        private final InputStream in;
        private final byte[] line = new byte[MAX_LINE * 4 + 2];
        private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next line without its line end, {@link #TOO_LONG}, {@link #NOT_UTF8}, or null at the end. */
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;

        private int read() throws IOException {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xFF;
        }

        String next() throws IOException {
            int length = 0;
            boolean overflow = false;
            int b;
            while ((b = read()) >= 0 && b != '\n') {
                if (length < line.length) {
                    line[length++] = (byte) b;
                } else {
                    overflow = true;
                }
            }
            if (b < 0 && length == 0 && !overflow) {
                return null;
            }
            if (overflow) {
                return TOO_LONG;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            try {
                return utf8.reset().decode(java.nio.ByteBuffer.wrap(line, 0, length)).toString();
            } catch (CharacterCodingException notUtf8) {
                return NOT_UTF8;
            }
        }
    }

    @Override
    public RegistrationReconciled.Input read(String name, int input, Sink sink, LongConsumer progress)
            throws IOException {
        Form form = form(name);
        MessageDigest sha = sha256();
        long line = 0;
        long bad = 0;
        try (DigestInputStream digesting = new DigestInputStream(folder.open(name), sha)) {
            Lines lines = new Lines(digesting);
            if (form == Form.CSV && !HEADER.equals(lines.next())) {
                throw new IOException(name + ": line 1 is no longer the header " + HEADER);
            }
            for (String text = lines.next(); text != null; text = lines.next()) {
                line++;
                long number = form == Form.CSV ? line + 1 : line;
                String why;
                if (text == Lines.TOO_LONG) {
                    sink.bad(name, number, "line", "at most " + MAX_LINE + " characters");
                    why = "long";
                } else if (text == Lines.NOT_UTF8) {
                    sink.bad(name, number, "line", "UTF-8");
                    why = "utf8";
                } else {
                    why = text.isBlank() ? null : take(form, name, input, number, text, sink);
                }
                if (why != null) {
                    bad++;
                }
                if (line % PROGRESS_EVERY == 0) {
                    progress.accept(line);
                }
            }
        }
        progress.accept(line);
        return new RegistrationReconciled.Input(name, HexFormat.of().formatHex(sha.digest()), line, bad);
    }

    /** Offers the line, or reports it bad; answers null when it was good. */
    private static String take(Form form, String name, int input, long number, String text, Sink sink) {
        if (text.length() > MAX_LINE) {
            sink.bad(name, number, "line", "at most " + MAX_LINE + " characters");
            return "long";
        }
        String[] fields = form == Form.CSV ? csv(text) : ndjson(text);
        if (fields == null) {
            String rule = form == Form.CSV ? "5 fields: " + HEADER
                    : "a JSON object with exactly the string members mpxn, fuel, supplierId, supplierRole, effectiveFrom";
            sink.bad(name, number, "line", rule);
            return rule;
        }
        String[] names = form == Form.CSV ? new String[] {"mpxn", "fuel", "supplier_id", "supplier_role",
                "effective_from"} : new String[] {"mpxn", "fuel", "supplierId", "supplierRole", "effectiveFrom"};
        Mpxn mpxn;
        try {
            mpxn = Mpxn.of(fields[0]);
        } catch (IllegalArgumentException wrong) {
            sink.bad(name, number, names[0], "a 13-digit MPAN core or a 6 to 10 digit MPRN");
            return names[0];
        }
        boolean electricity;
        switch (fields[1]) {
            case "ELECTRICITY" -> electricity = true;
            case "GAS" -> electricity = false;
            default -> {
                sink.bad(name, number, names[1], "ELECTRICITY or GAS");
                return names[1];
            }
        }
        PartyId supplier;
        try {
            supplier = PartyId.of(fields[2]);
        } catch (IllegalArgumentException wrong) {
            sink.bad(name, number, names[2], "a party ID: 1 to 64 letters, digits and . _ : -, beginning with a letter"
                    + " or digit");
            return names[2];
        }
        UserRole role;
        switch (fields[3]) {
            case "IS" -> role = UserRole.IS;
            case "ES" -> role = UserRole.ES;
            case "GS" -> role = UserRole.GS;
            default -> {
                sink.bad(name, number, names[3], "IS, ES or GS");
                return names[3];
            }
        }
        Instant from = effective(fields[4]);
        if (from == null) {
            sink.bad(name, number, names[4], "an ISO-8601 instant with its offset, or a date, from 2000 to 2100");
            return names[4];
        }
        sink.line(new Registration(number, input, mpxn, electricity, supplier, role, from));
        return null;
    }

    private static Instant effective(String text) {
        try {
            Instant at = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(GB).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
            return at.isBefore(EARLIEST) || !at.isBefore(LATEST) ? null : at;
        } catch (DateTimeException wrong) {
            return null;
        }
    }

    private static String[] csv(String text) {
        String[] fields = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int comma = text.indexOf(',', start);
            if (comma < 0) {
                return null;
            }
            fields[i] = text.substring(start, comma);
            start = comma + 1;
        }
        if (text.indexOf(',', start) >= 0) {
            return null;
        }
        fields[4] = text.substring(start);
        return fields;
    }

    private static final String[] MEMBERS = {"mpxn", "fuel", "supplierId", "supplierRole", "effectiveFrom"};

    private static String[] ndjson(String text) {
        String[] fields = new String[5];
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int found = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME) {
                    return null;
                }
                int at = java.util.Arrays.asList(MEMBERS).indexOf(parser.currentName());
                if (at < 0 || fields[at] != null || parser.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                fields[at] = parser.getText();
                found++;
            }
            return found == MEMBERS.length && parser.nextToken() == null ? fields : null;
        } catch (IOException malformed) {
            return null;
        }
    }

    private static String strip(String line) {
        return line != null && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
