package uk.smartmeter.restricted.adapter.store;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ReadingBelowTheHorizonOnH2Test extends ReadingBelowTheHorizonContract {

    @Override
    protected DataSource dataSource() {
        return new DriverManagerDataSource("jdbc:h2:mem:horizon-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
