package uk.smartmeter.restricted.adapter.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.function.Function;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;

/**
 * The JSON form of stored events, snapshots and tokens. It is its own mapper, not the web one, so
 * that no change to the API's JSON can change permanent history. Identifiers are plain strings and
 * times ISO-8601.
 */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(identifiers())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    private static SimpleModule identifiers() {
        SimpleModule module = new SimpleModule("restricted-mode-identifiers");
        module.addSerializer(DeviceId.class, ToStringSerializer.instance);
        module.addSerializer(PartyId.class, ToStringSerializer.instance);
        module.addSerializer(Mpxn.class, ToStringSerializer.instance);
        module.addDeserializer(DeviceId.class, fromString(DeviceId.class, DeviceId::new));
        module.addDeserializer(PartyId.class, fromString(PartyId.class, PartyId::new));
        module.addDeserializer(Mpxn.class, fromString(Mpxn.class, Mpxn::new));
        return module;
    }

    private static <T> StdDeserializer<T> fromString(Class<T> type, Function<String, T> factory) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return factory.apply(parser.getValueAsString());
            }
        };
    }
}
