package uk.smartmeter.restricted.adapter.store;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CatalogueVersionsUnderRaceOnPostgresTest extends CatalogueVersionsUnderRaceContract {

    private static int databases;

    @Override
    DataSource[] twoNodes() throws Exception {
        String url = LocalPostgres.freshDatabase("restricted_catalogue_race_" + (++databases));
        DataSource[] nodes = new DataSource[2];
        for (int n = 0; n < 2; n++) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(url);
            pool.setUsername(LocalPostgres.USER);
            pool.setMaximumPoolSize(8);
            nodes[n] = pool;
        }
        migrate(nodes[0]);
        return nodes;
    }
}
