package uk.smartmeter.restricted.adapter.rest.device;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.domain.device.Decision;

@Schema(name = "CommandResult", description = "What a request changed, and the device afterwards.")
public record CommandResponse(
        @Schema(description = "false when the request repeated what was already true (nothing was recorded)",
                requiredMode = Schema.RequiredMode.REQUIRED) boolean changed,
        @Schema(description = "the events recorded, in order", example = "[\"RestrictionApplied\"]",
                requiredMode = Schema.RequiredMode.REQUIRED) List<String> events,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) DeviceResponse device) {

    static CommandResponse of(CommandOutcome outcome) {
        Decision.Accepted accepted = (Decision.Accepted) outcome.decision();
        return new CommandResponse(!accepted.changedNothing(),
                accepted.events().stream().map(event -> event.getClass().getSimpleName()).toList(),
                DeviceResponse.of(outcome.device()));
    }
}
