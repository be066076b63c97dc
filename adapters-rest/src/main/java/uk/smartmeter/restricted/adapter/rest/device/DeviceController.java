package uk.smartmeter.restricted.adapter.rest.device;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.adapter.rest.device.Requests.ApplyRestrictionRequest;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;

/**
 * What Suppliers do with the flag (MP169 BR1: "Suppliers will be able to notify the DCC of the consumer's preference";
 * BR3: only the responsible Supplier, subject to all reasonable steps), and what they, DCC systems and regulators read.
 */
@RestController
@RequestMapping(path = "/api/v1/devices", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "Restricted mode", description = "Suppliers apply and clear the flag on the meters they are responsible for.")
@SecurityRequirement(name = "bearer")
public class DeviceController {


    private final Callers callers;
    private final FindDeviceStatus findStatus;
    private final ApplyRestrictionUseCase applyRestriction;
    private final ClearRestrictionUseCase clearRestriction;
    private final uk.smartmeter.restricted.application.port.in.FindByMeterPoint byMeterPoint;

    public DeviceController(Callers callers, FindDeviceStatus findStatus, ApplyRestrictionUseCase applyRestriction,
                            ClearRestrictionUseCase clearRestriction,
                            uk.smartmeter.restricted.application.port.in.FindByMeterPoint byMeterPoint) {
        this.callers = callers;
        this.findStatus = findStatus;
        this.applyRestriction = applyRestriction;
        this.clearRestriction = clearRestriction;
        this.byMeterPoint = byMeterPoint;
    }

    public record MeterPointResponse(String mpxn, java.util.List<DeviceResponse> devices) {
    }

    @Operation(summary = "Find the meters of an MPxN",
            description = "The meters enrolled with this MPAN core (13 digits) or MPRN (6 to 10 digits), each as"
                    + " GET /devices/{id} answers it: a Supplier gets only the meters it is responsible for, so an"
                    + " MPxN of another Supplier's meter answers exactly as an unknown one (no devices). Kept from"
                    + " the store's enrolments by a projection, so a meter enrolled a moment ago may not be found yet.")
    @GetMapping
    public MeterPointResponse byMpxn(@Parameter(example = "1012345678901") @RequestParam(required = false)
                                     String mpxn) {
        Actor viewer = callers.actor(EndpointRoles.Devices.READ, "FindByMpxn", null);
        uk.smartmeter.restricted.application.input.InvalidRequest.Builder rules =
                uk.smartmeter.restricted.application.input.InvalidRequest.builder();
        uk.smartmeter.restricted.domain.device.Mpxn point = rules.check("mpxn", mpxn,
                raw -> uk.smartmeter.restricted.domain.device.Mpxn.of(raw.trim()));
        rules.throwIfAny();
        return new MeterPointResponse(point.value(), byMeterPoint.statusesFor(viewer, point).stream()
                .map(DeviceResponse::of).toList());
    }

    @Operation(summary = "Read a meter's flag and eligibility",
            description = "Suppliers (IS, ES, GS) see only meters they are responsible for; any other meter is"
                    + " answered 404 exactly as an unknown one. DCC and REGULATOR see every meter.")
    @GetMapping("/{deviceId}")
    public ResponseEntity<DeviceResponse> status(@Parameter(example = "00-DB-12-34-56-78-90-A0")
                                                 @PathVariable String deviceId) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor viewer = callers.actor(EndpointRoles.Devices.READ, "ReadDeviceStatus", id);
        return findStatus.statusFor(viewer, id)
                .map(status -> ResponseEntity.ok().eTag(Versions.etag(status.version())).body(DeviceResponse.of(status)))
                .orElseThrow(() -> new Rejection(RefusalCode.DEVICE_NOT_ENROLLED, "not found"));
    }

    @Operation(summary = "Apply Restricted mode",
            description = "Only the meter's responsible Supplier, after all reasonable steps. Applying to a meter that"
                    + " is already Restricted changes nothing (changed=false). Send If-Match with the device's ETag to"
                    + " act only if nothing changed since you read it.")
    @PutMapping(path = "/{deviceId}/restriction", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandResponse> apply(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody ApplyRestrictionRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor supplier = callers.actor(EndpointRoles.Devices.SET_AND_CLEAR, "ApplyRestriction", id);
        Attestation attestation = attestationOf(body);
        return Responses.of(applyRestriction.applyRestriction(new ApplyRestriction(id, supplier, attestation),
                Versions.fromIfMatch(ifMatch)));
    }

    @Operation(summary = "Clear Restricted mode",
            description = "Only the meter's responsible Supplier, with a reason. Clearing a meter that is not"
                    + " Restricted changes nothing (changed=false).")
    @DeleteMapping("/{deviceId}/restriction")
    public ResponseEntity<CommandResponse> clear(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @Parameter(description = "why the flag is cleared", required = true) @RequestParam ClearReason reason,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor supplier = callers.actor(EndpointRoles.Devices.SET_AND_CLEAR, "ClearRestriction", id);
        return Responses.of(clearRestriction.clearRestriction(new ClearRestriction(id, supplier, reason),
                Versions.fromIfMatch(ifMatch)));
    }

    /** A missing attestation is the domain's to refuse (and record); a half-filled one is a bad request. */
    private static Attestation attestationOf(ApplyRestrictionRequest body) {
        if (body == null || body.attestation() == null) {
            return null;
        }
        InvalidRequest.Builder problems = InvalidRequest.builder();
        String reference = problems.require("attestation.reference", body.attestation().reference());
        var exhaustedOn = problems.require("attestation.stepsExhaustedOn", body.attestation().stepsExhaustedOn());
        problems.throwIfAny();
        Params.bodyDate("attestation.stepsExhaustedOn", exhaustedOn);
        try {
            return new Attestation(reference, exhaustedOn);
        } catch (IllegalArgumentException broken) {
            throw InvalidRequest.of("attestation.reference", broken.getMessage());
        }
    }
}
