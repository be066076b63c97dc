package uk.smartmeter.restricted.adapter.store;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;

/** The service's own events published on Axon's event bus (stored outside every aggregate's stream). */
final class AxonServiceEvents implements ServiceEvents {

    private final EventBus events;
    private final JdbcTemplate jdbc;

    AxonServiceEvents(EventBus events, JdbcTemplate jdbc) {
        this.events = events;
        this.jdbc = jdbc;
    }

    @Override
    public long publish(Object event) {
        EventMessage<?> message = GenericEventMessage.asEventMessage(event);
        events.publish(message);
        return jdbc.queryForObject("SELECT globalIndex FROM DomainEventEntry WHERE eventIdentifier = ?", Long.class,
                message.getIdentifier());
    }
}
