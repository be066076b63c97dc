package uk.smartmeter.restricted.adapter.rest.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;

/**
 * One reading of every JSON document the API takes, and no guessing:
 * <ul>
 *   <li>a field given twice is refused (a DSP that reads the first and a service that read the last would
 *       act on different requests);</li>
 *   <li>nothing may follow the document;</li>
 *   <li>no value is coerced from another JSON type: a number is not a string, a string is not a number or
 *       a boolean, and an empty string is not null;</li>
 *   <li>no lenient dates: a date is {@code 2026-11-20}, never a time that happens to start with one.</li>
 * </ul>
 */
public final class StrictJson {

    private StrictJson() {
    }

    public static Jackson2ObjectMapperBuilderCustomizer customizer() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(StrictJson::apply);
    }

    /** Makes {@code mapper} strict in place; for mappers built outside Spring's builder. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.setDefaultLeniency(false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
