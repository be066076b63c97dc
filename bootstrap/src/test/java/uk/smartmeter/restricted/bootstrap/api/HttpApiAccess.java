package uk.smartmeter.restricted.bootstrap.api;

/** Request bodies of the HTTP suites, for suites outside this package. */
public final class HttpApiAccess {

    private HttpApiAccess() {
    }

    /** A commissioned gas meter in CENTRAL with its GPF. */
    public static String gas(String meter, String gpf) {
        return HttpApi.commissioned(meter, "00-DB-12-34-56-7A-1F-F0", "CENTRAL", "SUPPLIER-FILL").replace("\"ESME\"",
                        "\"GSME\"").replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"")
                .replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf + "\",\"commsHubStatus\"");
    }
}
