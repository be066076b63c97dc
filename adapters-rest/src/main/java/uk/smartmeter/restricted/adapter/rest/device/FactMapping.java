package uk.smartmeter.restricted.adapter.rest.device;

import uk.smartmeter.restricted.adapter.rest.device.Requests.EnrolRequest;
import uk.smartmeter.restricted.adapter.rest.device.Requests.SiteFlags;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Params;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;

/** From request bodies to domain commands, naming every broken field rule at once. Shared with the bulk import. */
public final class FactMapping {

    public EnrolDevice enrolment(EnrolRequest body, Actor dcc) {
        InvalidRequest.Builder problems = InvalidRequest.builder();
        DeviceId id = problems.check("deviceId", body.deviceId(), DeviceId::of);
        problems.require("deviceType", body.deviceType());
        problems.require("smetsVersion", body.smetsVersion());
        problems.require("smiStatus", body.smiStatus());
        DeviceId hub = problems.check("commsHubId", body.commsHubId(), DeviceId::of);
        problems.require("commsHubStatus", body.commsHubStatus());
        DeviceId gpf = problems.checkOptional("gpfId", body.gpfId(), DeviceId::of);
        Mpxn mpxn = problems.check("mpxn", body.mpxn(), Mpxn::of);
        problems.require("cspRegion", body.cspRegion());
        problems.require("paymentMode", body.paymentMode());
        ResponsibleSupplier supplier = supplier(problems, "responsibleSupplier", body.responsibleSupplier());
        SiteCharacteristics site = site(problems, "siteCharacteristics", body.siteCharacteristics());
        problems.throwIfAny();
        return new EnrolDevice(id, dcc, Params.bodyTime("effectiveAt", body.effectiveAt()), body.deviceType(), body.smetsVersion(), body.smiStatus(),
                hub, body.commsHubStatus(), gpf, mpxn, body.cspRegion(), body.paymentMode(), supplier, site);
    }

    ResponsibleSupplier supplier(String field, SupplierDto body) {
        InvalidRequest.Builder problems = InvalidRequest.builder();
        ResponsibleSupplier supplier = supplier(problems, field, body);
        problems.throwIfAny();
        return supplier;
    }

    SiteCharacteristics site(String field, SiteFlags body) {
        InvalidRequest.Builder problems = InvalidRequest.builder();
        SiteCharacteristics site = site(problems, field, body);
        problems.throwIfAny();
        return site;
    }

    /** Pairs of (field name, value): each null value is a missing required field. */
    static void require(Object... namesAndValues) {
        InvalidRequest.Builder problems = InvalidRequest.builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            problems.require((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        problems.throwIfAny();
    }

    private static ResponsibleSupplier supplier(InvalidRequest.Builder problems, String field, SupplierDto body) {
        if (problems.require(field, body) == null) {
            return null;
        }
        String party = problems.check(field + ".partyId", body.partyId(), raw -> raw);
        if (problems.require(field + ".role", body.role()) == null || party == null) {
            return null;
        }
        return problems.checkOptional(field, party, raw -> ResponsibleSupplier.of(raw, body.role()));
    }

    private static SiteCharacteristics site(InvalidRequest.Builder problems, String field, SiteFlags body) {
        if (problems.require(field, body) == null) {
            return null;
        }
        Boolean loadSwitching = problems.require(field + ".loadSwitching", body.loadSwitching());
        Boolean radioTeleswitch = problems.require(field + ".radioTeleswitch", body.radioTeleswitch());
        Boolean networkManaged = problems.require(field + ".networkManagedWithoutWan", body.networkManagedWithoutWan());
        if (loadSwitching == null || radioTeleswitch == null || networkManaged == null) {
            return null;
        }
        return new SiteCharacteristics(loadSwitching, radioTeleswitch, networkManaged);
    }
}
