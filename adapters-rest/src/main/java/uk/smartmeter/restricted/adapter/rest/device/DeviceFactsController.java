package uk.smartmeter.restricted.adapter.rest.device;

import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.adapter.rest.device.Requests.EnrolRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.PaymentModeRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.SiteChangeRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.SmiStatusRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.SupplierChangeRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.TenancyChangeRequest;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.application.port.in.ChangePaymentModeUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSiteCharacteristicsUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSmiStatusUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;

/** Inventory and registration facts, from the DCC's own systems only (role DCC). */
@RestController
@RequestMapping(path = "/api/v1/devices", produces = {MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_PROBLEM_JSON_VALUE}, consumes = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "DCC facts", description = "DCC systems feed inventory and registration facts. Facts are never refused"
        + " because of Restricted mode; a fact that makes a Restricted meter ineligible ends the restriction.")
@SecurityRequirement(name = "bearer")
public class DeviceFactsController {


    private final Callers callers;
    private final FactMapping facts;
    private final EnrolDeviceUseCase enrol;
    private final ChangeSmiStatusUseCase changeSmiStatus;
    private final ChangePaymentModeUseCase changePaymentMode;
    private final ChangeSupplierUseCase changeSupplier;
    private final ChangeTenancyUseCase changeTenancy;
    private final ChangeSiteCharacteristicsUseCase changeSite;

    public DeviceFactsController(Callers callers, EnrolDeviceUseCase enrol, ChangeSmiStatusUseCase changeSmiStatus,
                                 ChangePaymentModeUseCase changePaymentMode, ChangeSupplierUseCase changeSupplier,
                                 ChangeTenancyUseCase changeTenancy, ChangeSiteCharacteristicsUseCase changeSite) {
        this.callers = callers;
        this.facts = new FactMapping();
        this.enrol = enrol;
        this.changeSmiStatus = changeSmiStatus;
        this.changePaymentMode = changePaymentMode;
        this.changeSupplier = changeSupplier;
        this.changeTenancy = changeTenancy;
        this.changeSite = changeSite;
    }

    @Operation(summary = "Enrol a meter",
            description = "201 with Location when enrolled; 200 (changed=false) when the same meter is enrolled again"
                    + " with the same facts; 409 when it is enrolled with other facts.")
    @ApiResponse(responseCode = "201", description = "enrolled", content = @Content(
            schema = @Schema(implementation = CommandResponse.class)))
    @ApiResponse(responseCode = "200", description = "already enrolled with exactly these facts; nothing recorded",
            content = @Content(schema = @Schema(implementation = CommandResponse.class)))
    @PostMapping
    public ResponseEntity<CommandResponse> enrol(@RequestBody EnrolRequest body) {
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "EnrolDevice", Responses.deviceIdIfValid(body.deviceId()));
        return Responses.of(enrol.enrol(facts.enrolment(body, dcc), ExpectedVersion.any()), HttpStatus.CREATED);
    }

    @Operation(summary = "Record a new SMI status of the meter or its Comms Hub")
    @PostMapping("/{deviceId}/smi-status-changes")
    public ResponseEntity<CommandResponse> smiStatus(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody SmiStatusRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "ChangeSmiStatus", id);
        FactMapping.require("target", body.target(), "status", body.status());
        return Responses.of(changeSmiStatus.changeSmiStatus(
                new ChangeSmiStatus(id, dcc, Params.bodyTime("effectiveAt", body.effectiveAt()), body.target(), body.status()),
                Versions.fromIfMatch(ifMatch)));
    }

    @Operation(summary = "Record a new payment mode")
    @PostMapping("/{deviceId}/payment-mode-changes")
    public ResponseEntity<CommandResponse> paymentMode(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody PaymentModeRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "ChangePaymentMode", id);
        FactMapping.require("paymentMode", body.paymentMode());
        return Responses.of(changePaymentMode.changePaymentMode(
                new ChangePaymentMode(id, dcc, Params.bodyTime("effectiveAt", body.effectiveAt()), body.paymentMode()), Versions.fromIfMatch(ifMatch)));
    }

    @Operation(summary = "Record a Change of Supplier", description = "The flag survives; the gaining Supplier becomes"
            + " responsible and alone may clear it.")
    @PostMapping("/{deviceId}/supplier-changes")
    public ResponseEntity<CommandResponse> supplier(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody SupplierChangeRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "ChangeSupplier", id);
        return Responses.of(changeSupplier.changeSupplier(
                new ChangeSupplier(id, dcc, Params.bodyTime("effectiveAt", body.effectiveAt()), facts.supplier("gainingSupplier", body.gainingSupplier())),
                Versions.fromIfMatch(ifMatch)));
    }

    @Operation(summary = "Record a Change of Tenancy", description = "Ends the restriction (reason CHANGE_OF_TENANCY)"
            + " unless the service is configured otherwise, or the change took effect before the flag was applied.")
    @PostMapping("/{deviceId}/tenancy-changes")
    public ResponseEntity<CommandResponse> tenancy(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody TenancyChangeRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "ChangeTenancy", id);
        return Responses.of(changeTenancy.changeTenancy(new ChangeTenancy(id, dcc, Params.bodyTime("effectiveAt", body.effectiveAt())),
                Versions.fromIfMatch(ifMatch)));
    }

    @Operation(summary = "Record new site characteristics")
    @PostMapping("/{deviceId}/site-characteristics-changes")
    public ResponseEntity<CommandResponse> site(
            @Parameter(example = "00-DB-12-34-56-78-90-A0") @PathVariable String deviceId,
            @RequestBody SiteChangeRequest body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        DeviceId id = Responses.deviceId(deviceId);
        Actor dcc = callers.actor(EndpointRoles.DeviceFacts.SEND, "ChangeSiteCharacteristics", id);
        return Responses.of(changeSite.changeSiteCharacteristics(new ChangeSiteCharacteristics(id, dcc,
                Params.bodyTime("effectiveAt", body.effectiveAt()), facts.site("siteCharacteristics", body.siteCharacteristics())),
                Versions.fromIfMatch(ifMatch)));
    }
}
