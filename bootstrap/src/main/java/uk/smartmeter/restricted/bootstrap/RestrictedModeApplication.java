package uk.smartmeter.restricted.bootstrap;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import uk.smartmeter.restricted.cli.HistoryCommands;
import uk.smartmeter.restricted.cli.ReportCommands;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The one composition root of the Restricted-mode service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RestrictedModeApplication {

    /**
     * The service must never call out. Axon 4.12 and 4.13 consult their update-checker providers with a
     * built-in "not disabled" default ahead of the Spring property {@code axon.update-check.disabled},
     * so the property alone does not stop the call; the system property is read first. Set here,
     * before any context (including a test's) starts.
     */
    static final String AXON_UPDATE_CHECK_SWITCH = "axoniq.update-checker.disabled";

    static {
        System.setProperty(AXON_UPDATE_CHECK_SWITCH, "true");
        System.setProperty("disable-axoniq-console-message", "true");
    }

    /**
     * The service; or, with {@code generate} or {@code report} first, the monthly reports' command line; with
     * {@code history-verify} or {@code history-keygen}, the history's offline verifier and key tool.
     */
    public static void main(String[] args) {
        if (ReportCommands.handles(args)) {
            System.exit(ReportCommands.run(args, RestrictedModeApplication::batch));
        }
        if (HistoryCommands.handles(args)) {
            System.exit(HistoryCommands.run(args));
        }
        SpringApplication.run(RestrictedModeApplication.class, args);
    }

    /**
     * The service's context for a batch run of the command line: no web server, no gRPC gate, and no background work
     * (no CSP push thread, no month-end exclusion lists, no periodic checkpoints), whatever the configuration says: the
     * switches are put ahead of every other property source.
     */
    public static ConfigurableApplicationContext batch(String[] args) {
        SpringApplication application = new SpringApplication(RestrictedModeApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addInitializers(context -> context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("restricted-batch-run", Map.of(ReportCommands.BACKGROUND_WORK, "false",
                        "restricted.grpc.enabled", "false"))));
        return application.run(args);
    }
}
