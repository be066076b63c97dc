package uk.smartmeter.restricted.bootstrap;

import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@Tag("postgres")
class ReadingBelowTheHorizonOnPostgresTest extends ReadingBelowTheHorizonContract {

    @Override
    protected DataSource dataSource() throws Exception {
        return new DriverManagerDataSource(LocalPostgres.freshDatabase("restricted_horizon"), LocalPostgres.USER, "");
    }
}
