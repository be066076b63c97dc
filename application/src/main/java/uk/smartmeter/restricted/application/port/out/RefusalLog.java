package uk.smartmeter.restricted.application.port.out;

import uk.smartmeter.restricted.domain.device.event.RequestRefused;

/** Where refused requests are recorded for regulators, outside any Device's own stream. */
public interface RefusalLog {

    void record(RequestRefused refusal);
}
