package uk.smartmeter.restricted.adapter.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest the history keeps of each event: SHA-256 of its type's name, a line feed, and its JSON as the event
 * store writes it ({@link EventJson}). The live projection computes it from the event it is handed, a rebuild and
 * the verification from the event read back from the store, so any change to any field of a stored event changes
 * its entry's leaf.
 */
public final class EventDigest {

    private static final ObjectMapper JSON = EventJson.mapper();

    private EventDigest() {
    }

    public static String of(Object payload) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(payload.getClass().getName().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(JSON.writeValueAsBytes(payload));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException impossible) {
            throw new IllegalStateException("cannot digest a " + payload.getClass().getSimpleName(), impossible);
        }
    }
}
