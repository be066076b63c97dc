package uk.smartmeter.restricted.adapter.store;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class ReadingBelowTheHorizonOnPostgresTest extends ReadingBelowTheHorizonContract {

    @Override
    protected DataSource dataSource() throws Exception {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(LocalPostgres.freshDatabase("restricted_horizon"));
        pool.setUsername(LocalPostgres.USER);
        pool.setMaximumPoolSize(20);
        return pool;
    }
}
