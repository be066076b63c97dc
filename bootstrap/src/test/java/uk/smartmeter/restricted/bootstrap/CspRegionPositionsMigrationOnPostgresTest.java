package uk.smartmeter.restricted.bootstrap;

import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;

@Tag("postgres")
class CspRegionPositionsMigrationOnPostgresTest extends CspRegionPositionsMigrationContract {

    @Override
    DataSource freshStore() throws Exception {
        return new DriverManagerDataSource(LocalPostgres.freshDatabase("csp_region_positions"), LocalPostgres.USER, "");
    }
}
