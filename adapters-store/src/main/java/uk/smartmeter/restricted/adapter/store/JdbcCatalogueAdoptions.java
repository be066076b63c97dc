package uk.smartmeter.restricted.adapter.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;

/** SRV catalogue adoptions in {@code gate_catalogue_adoption}, each with its history event in one transaction. */
final class JdbcCatalogueAdoptions implements CatalogueAdoptions {

    private static final String COLUMNS = "adoption_id, version, sha256, effective_from, adopted_by, recorded_at,"
            + " catalogue_csv";
    private static final RowMapper<Adoption> ROW = (rs, n) -> new Adoption(rs.getString(1), rs.getString(2),
            rs.getString(3), Instant.parse(rs.getString(4)), rs.getString(5), Instant.parse(rs.getString(6)),
            rs.getString(7));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    JdbcCatalogueAdoptions(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public List<Adoption> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM gate_catalogue_adoption ORDER BY recorded_seq, adoption_id", ROW);
    }

    @Override
    public Optional<Adoption> find(String adoptionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM gate_catalogue_adoption WHERE adoption_id = ?", ROW, adoptionId)
                .stream().findFirst();
    }

    @Override
    public Outcome adopt(Adoption adoption, Runnable record) {
        // a lost race (the version claimed, or the next sequence number taken, by a transaction that committed first)
        // fails on a unique key with nothing recorded: look again
        for (int attempt = 0; ; attempt++) {
            try {
                return transactions.execute(status -> {
                    if (find(adoption.adoptionId()).isPresent()) {
                        return Outcome.ID_TAKEN;
                    }
                    List<String> claimed = jdbc.queryForList("SELECT sha256 FROM gate_catalogue_version WHERE"
                            + " version = ?", String.class, adoption.version());
                    if (!claimed.isEmpty() && !claimed.get(0).equals(adoption.sha256())) {
                        return Outcome.VERSION_TAKEN;
                    }
                    if (claimed.isEmpty()) {
                        jdbc.update("INSERT INTO gate_catalogue_version (version, sha256) VALUES (?, ?)",
                                adoption.version(), adoption.sha256());
                    }
                    Long last = jdbc.queryForObject("SELECT MAX(recorded_seq) FROM gate_catalogue_adoption",
                            Long.class);
                    jdbc.update("INSERT INTO gate_catalogue_adoption (adoption_id, version, sha256, effective_from,"
                            + " adopted_by, recorded_at, recorded_seq, catalogue_csv) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            adoption.adoptionId(), adoption.version(), adoption.sha256(),
                            adoption.effectiveFrom().toString(), adoption.adoptedBy(),
                            adoption.recordedAt().toString(), last == null ? 1 : last + 1, adoption.csv());
                    record.run();
                    return Outcome.ADOPTED;
                });
            } catch (DuplicateKeyException | org.springframework.dao.ConcurrencyFailureException lost) {
                // PostgreSQL: a unique violation once the winner commits; H2: also a concurrent-update error while
                // the winner's row is not yet committed
                if (attempt >= 20) {
                    throw lost;
                }
            }
        }
    }
}
