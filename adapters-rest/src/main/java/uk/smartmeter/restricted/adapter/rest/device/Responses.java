package uk.smartmeter.restricted.adapter.rest.device;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** Turns a command's outcome into HTTP: the result with the new ETag, or the refusal as a problem. */
final class Responses {

    private Responses() {
    }

    static ResponseEntity<CommandResponse> of(CommandOutcome outcome) {
        return of(outcome, HttpStatus.OK);
    }

    static ResponseEntity<CommandResponse> of(CommandOutcome outcome, HttpStatus whenChanged) {
        if (outcome.decision() instanceof Decision.Refused refused) {
            throw new Rejection(refused.code(), refused.refusal().detail());
        }
        CommandResponse body = CommandResponse.of(outcome);
        HttpStatus status = body.changed() ? whenChanged : HttpStatus.OK;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).eTag(Versions.etag(outcome.device().version()));
        if (status == HttpStatus.CREATED) {
            response.location(URI.create("/api/v1/devices/" + outcome.device().id().value()));
        }
        return response.body(body);
    }

    /** For recording who asked about what before the body's fields are checked together. */
    static DeviceId deviceIdIfValid(String raw) {
        try {
            return raw == null ? null : DeviceId.of(raw);
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    static DeviceId deviceId(String raw) {
        return InvalidRequest.parse("deviceId", raw, DeviceId::of);
    }
}
