package uk.smartmeter.restricted.bootstrap;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import uk.smartmeter.restricted.adapter.csp.CspAdapterConfiguration;
import uk.smartmeter.restricted.adapter.grpc.GrpcAdapterConfiguration;
import uk.smartmeter.restricted.adapter.reporting.ReportingAdapterConfiguration;
import uk.smartmeter.restricted.adapter.rest.RestAdapterConfiguration;
import uk.smartmeter.restricted.adapter.store.StoreAdapterConfiguration;

/** The adapters this service runs, each contributing its own explicit configuration. */
@Configuration(proxyBeanMethods = false)
@Import({RestAdapterConfiguration.class, CspAdapterConfiguration.class, ReportingAdapterConfiguration.class,
        StoreAdapterConfiguration.class, GrpcAdapterConfiguration.class})
class AdaptersConfiguration {
}
