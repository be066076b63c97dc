package uk.smartmeter.restricted.bootstrap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Local mode mints any role, DCC and REGULATOR included, at {@code POST /local/tokens}, so it listens on the
 * loopback interface only unless {@code server.address} says otherwise. When it says otherwise, a warning is logged
 * at start-up, loudly. The {@code jwt} mode is left as configured.
 */
public final class LocalModeBinding implements EnvironmentPostProcessor {

    static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (local(environment) && !environment.containsProperty("server.address")) {
            environment.getPropertySources().addLast(new MapPropertySource("restricted-local-mode-binding",
                    Map.of("server.address", LOOPBACK)));
        }
        application.addListeners((ApplicationListener<ApplicationReadyEvent>) ready ->
                warnIfExposed(ready.getApplicationContext().getEnvironment()));
    }

    static boolean local(Environment environment) {
        return "local".equalsIgnoreCase(environment.getProperty("restricted.api.auth.mode", "local"));
    }

    private static void warnIfExposed(Environment environment) {
        String address = environment.getProperty("server.address");
        if (!local(environment) || address == null || loopback(address)) {
            return;
        }
        Logger log = LoggerFactory.getLogger(LocalModeBinding.class);
        String line = "!".repeat(100);
        log.warn(line);
        log.warn("LOCAL MODE IS LISTENING ON {}: anyone who can reach this port can mint a DCC or REGULATOR token at"
                + " POST /local/tokens and do anything. Use restricted.api.auth.mode=jwt beyond this machine.", address);
        log.warn(line);
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }
}
