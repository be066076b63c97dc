package uk.smartmeter.restricted.application.port.out;

/** Events of the service itself (not of a device) into the global event stream, where the history sees them. */
public interface ServiceEvents {

    /** Publishes and commits the event; answers its global index in the store. */
    long publish(Object event);
}
