package uk.smartmeter.restricted.adapter.rest.problem;

/** How the request firewall words a rejection, so that the container's error page can name the part refused. */
public final class FirewallRejections {

    /** A rejection of the query string: this prefix, then what is wrong. */
    public static final String QUERY = "query: ";

    /** A rejection of a header: this prefix, then the header's name. */
    public static final String HEADER = "header: ";

    private FirewallRejections() {
    }
}
