package uk.smartmeter.restricted.adapter.store;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth, user postgres) for the "postgres" suites.
 * Starts the cluster when it is down rather than assuming someone else did, and hands each suite a
 * freshly created database.
 */
public final class LocalPostgres {

    static final String HOST_URL = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private LocalPostgres() {
    }

    /** Drops and recreates {@code database}, starting the server first if needed; returns its JDBC URL. */
    public static String freshDatabase(String database) throws Exception {
        ensureRunning();
        try (Connection admin = DriverManager.getConnection(HOST_URL + "postgres", USER, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + database);
        }
        return HOST_URL + database;
    }

    static void ensureRunning() throws Exception {
        if (reachable()) {
            return;
        }
        String[] versions = Objects.requireNonNull(new File("/etc/postgresql").list(), "no PostgreSQL cluster installed");
        Arrays.sort(versions);
        Process start = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", versions[versions.length - 1],
                "main", "start").inheritIO().start();
        start.waitFor();
        org.awaitility.Awaitility.await("PostgreSQL up on 127.0.0.1:5432").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(LocalPostgres::reachable);
    }

    private static boolean reachable() {
        try (Connection ignored = DriverManager.getConnection(HOST_URL + "postgres", USER, "")) {
            return true;
        } catch (SQLException down) {
            return false;
        }
    }
}
