package uk.smartmeter.restricted.bootstrap;

import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class CspRegionPositionsMigrationOnH2Test extends CspRegionPositionsMigrationContract {

    @Override
    DataSource freshStore() throws Exception {
        return new DriverManagerDataSource("jdbc:h2:file:" + Files.createTempDirectory("csp-migration-")
                + "/store;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }
}
