package uk.smartmeter.restricted.application.port.in;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Which roles may call which endpoints, in one place, per endpoint family. The API decides roles; the domain decides
 * responsibility (a Supplier's role lets it ask; only the meter's responsible Supplier is answered).
 */
public final class EndpointRoles {

    private EndpointRoles() {
    }

    private static Set<UserRole> of(UserRole first, UserRole... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** {@code /api/v1/devices/{id}} and its restriction. */
    public static final class Devices {
        /** Apply or clear Restricted mode: the supplier roles (the domain then checks responsibility). */
        public static final Set<UserRole> SET_AND_CLEAR = of(UserRole.IS, UserRole.ES, UserRole.GS);
        /** A meter's status: the supplier roles for their own meters, the DCC and regulators for every meter. */
        public static final Set<UserRole> READ = of(UserRole.IS, UserRole.ES, UserRole.GS, UserRole.DCC,
                UserRole.REGULATOR);

        private Devices() {
        }
    }

    /** {@code /api/v1/dcc/...}: inventory and registration facts, and the bulk import. */
    public static final class DeviceFacts {
        public static final Set<UserRole> SEND = of(UserRole.DCC);

        private DeviceFacts() {
        }
    }

    /** {@code /api/v1/gate/...}. */
    public static final class Gate {
        public static final Set<UserRole> DECIDE = of(UserRole.DCC);
        public static final Set<UserRole> READ_RECEIPTS = of(UserRole.DCC, UserRole.REGULATOR);
        /** {@code /api/v1/gate/catalogues}: adopting an SRV catalogue is the DCC's decision; both read them. */
        public static final Set<UserRole> ADOPT_CATALOGUE = of(UserRole.DCC);
        public static final Set<UserRole> READ_CATALOGUES = of(UserRole.DCC, UserRole.REGULATOR);

        private Gate() {
        }
    }

    /** {@code /console/...}: its pages read the API, whose endpoints decide; these only choose what to offer. */
    public static final class Console {
        /** The roles the development sign-in offers; a token naming several acts in the first of them it names. */
        public static final java.util.List<UserRole> SIGN_IN = java.util.List.of(UserRole.REGULATOR, UserRole.DCC,
                UserRole.IS, UserRole.ES, UserRole.GS, UserRole.CSP);

        private Console() {
        }
    }

    /** {@code /api/v1/history/...}. */
    public static final class History {
        /** A meter's history: the supplier roles for their own meters, the DCC and regulators for every meter. */
        public static final Set<UserRole> READ_A_METER = of(UserRole.REGULATOR, UserRole.DCC, UserRole.IS,
                UserRole.ES, UserRole.GS);
        /** As-of answers, the tree, proofs, exports, summaries, checkpoints, verification and rebuild runs. */
        public static final Set<UserRole> READ_EVIDENCE = of(UserRole.REGULATOR, UserRole.DCC);
        /** Issue a checkpoint now, rebuild the history. */
        public static final Set<UserRole> OPERATE = of(UserRole.DCC);
        /** The checkpoints' verifier key: public. */
        public static final Set<UserRole> READ_KEY = Collections.unmodifiableSet(EnumSet.allOf(UserRole.class));

        private History() {
        }
    }

    /** {@code /api/v1/csp/...}. */
    public static final class Csp {
        public static final Set<UserRole> READ = of(UserRole.CSP, UserRole.DCC, UserRole.REGULATOR);
        public static final Set<UserRole> REPLAY = of(UserRole.CSP, UserRole.DCC);

        private Csp() {
        }
    }

    /** {@code /api/v1/reports/...}. */
    public static final class Reports {
        public static final Set<UserRole> READ = of(UserRole.DCC, UserRole.REGULATOR);
        public static final Set<UserRole> RUN = of(UserRole.DCC);

        private Reports() {
        }
    }

    /** {@code /api/v1/reconciliations/...} (issue 18). */
    public static final class Reconciliations {
        public static final Set<UserRole> READ = of(UserRole.DCC, UserRole.REGULATOR);
        public static final Set<UserRole> RUN = of(UserRole.DCC);

        private Reconciliations() {
        }
    }
}
