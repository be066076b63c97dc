package uk.smartmeter.restricted.adapter.store;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class CatalogueVersionsUnderRaceOnH2Test extends CatalogueVersionsUnderRaceContract {

    private static int databases;

    @Override
    DataSource[] twoNodes() throws Exception {
        String url = "jdbc:h2:mem:catalogue_race_" + (++databases) + ";DB_CLOSE_DELAY=-1";
        DataSource a = new DriverManagerDataSource(url);
        migrate(a);
        return new DataSource[] {a, new DriverManagerDataSource(url)};
    }
}
