package uk.smartmeter.restricted.bootstrap;

import static uk.smartmeter.restricted.domain.device.DeviceTestData.CLOCK;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** Starts the whole service as its main class would, with the test's storage and a fixed clock. */
public final class ServiceRunner {

    private ServiceRunner() {
    }

    /** Properties go in as command-line arguments, so they win over application.yml as an operator's would. */
    public static ConfigurableApplicationContext start(Map<String, Object> storage, String... profiles) {
        Map<String, Object> properties = new HashMap<>(storage);
        properties.put("server.port", "0");
        properties.put("restricted.grpc.port", "0");
        properties.put("restricted.snapshot-threshold", "2");
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(RestrictedModeApplication.class)
                .profiles(profiles)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("fixedClock", Clock.class,
                        () -> CLOCK, definition -> definition.setPrimary(true)))
                .run(arguments);
    }
}
