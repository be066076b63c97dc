package uk.smartmeter.restricted.adapter.csp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The CSP notifications' settings, under {@code restricted.csp.*}.
 *
 * @param push       the RabbitMQ publisher (off by default: the pull feed needs no broker)
 * @param exclusions the monthly exclusion lists
 */
@ConfigurationProperties("restricted.csp")
public record CspProperties(@DefaultValue Push push, @DefaultValue Exclusions exclusions) {

    /**
     * @param enabled        push notices to RabbitMQ
     * @param host           the broker
     * @param port           its AMQP port
     * @param username       its user
     * @param password       its password
     * @param virtualHost    its virtual host
     * @param exchange       the durable topic exchange; routing keys {@code notice.<region>} and
     *                       {@code exclusion-list.<region>}, regions in lower case
     * @param declareQueues  declare one durable queue per region ({@code <exchange>.<region>}), bound to both of
     *                       its routing keys, so that nothing is dropped before a CSP binds its own
     * @param batchSize      notices published per confirm round trip
     * @param pollInterval   how often the publisher looks for notices when nothing woke it (other nodes' writes)
     * @param confirmTimeout how long to wait for the broker's confirms before retrying the batch
     * @param maxBackoff     the longest wait between retries while the broker is unreachable
     */
    public record Push(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("5672") int port,
            @DefaultValue("guest") String username,
            @DefaultValue("guest") String password,
            @DefaultValue("/") String virtualHost,
            @DefaultValue("restricted.csp") String exchange,
            @DefaultValue("true") boolean declareQueues,
            @DefaultValue("500") int batchSize,
            @DefaultValue("250ms") Duration pollInterval,
            @DefaultValue("5s") Duration confirmTimeout,
            @DefaultValue("5s") Duration maxBackoff) {
    }

    /**
     * @param publishAfter  how long after a month closes its lists are published, so that late facts settle
     * @param checkInterval how often the publisher checks whether a month's lists are due
     */
    public record Exclusions(
            @DefaultValue("1h") Duration publishAfter,
            @DefaultValue("1m") Duration checkInterval) {
    }
}
