package uk.smartmeter.restricted.architecture;


import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.annotation.Configuration;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;

/** The module rules of the design, proved on the packages the build really produces. */
@AnalyzeClasses(packages = ModuleRulesTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

    static final String ROOT = "uk.smartmeter.restricted";
    static final String DOMAIN = ROOT + ".domain..";
    static final String APPLICATION = ROOT + ".application..";
    static final String ADAPTERS = ROOT + ".adapter..";
    static final String BOOTSTRAP = ROOT + ".bootstrap..";

    @ArchTest
    static final ArchRule theDomainDependsOnTheJdkOnly = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN);

    @ArchTest
    static final ArchRule springAxonAndJakartaStayOutOfTheDomain = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "jakarta..", "javax..", "com.fasterxml..");

    @ArchTest
    static final ArchRule theApplicationDependsOnNoAdapterAndNotOnBootstrap = noClasses()
            .that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS, BOOTSTRAP);

    @ArchTest
    static final ArchRule theApplicationHasNoSpring = noClasses()
            .that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    /** The gate's in-process port is embedded in the DSP: plain Java over the domain, no framework. */
    @ArchTest
    static final ArchRule theEmbeddableGateIsPlainJava = classes()
            .that().resideInAnyPackage(ROOT + ".application.gate..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, ROOT + ".application.gate..",
                    ROOT + ".application.port..");

    @ArchTest
    static final ArchRule noAdapterDependsOnAnotherAdapter = slices()
            .matching(ROOT + ".adapter.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adaptersDoNotDependOnBootstrap = noClasses()
            .that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP);

    @ArchTest
    static final ArchRule gatewaysAppearOnlyInAdaptersAndBootstrap = noClasses()
            .that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().areAssignableTo(CommandGateway.class)
            .orShould().dependOnClassesThat().areAssignableTo(QueryGateway.class);

    static final String CLI = ROOT + ".cli..";

    /** The composition root wires: configuration, settings and the main class only. */
    @ArchTest
    static final ArchRule bootstrapHoldsOnlyWiring = classes()
            .that().resideInAPackage(BOOTSTRAP).and().areTopLevelClasses()
            .should().beAnnotatedWith(Configuration.class)
            .orShould().beAnnotatedWith(ConfigurationProperties.class)
            .orShould().beAnnotatedWith(SpringBootApplication.class)
            .orShould().implement(EnvironmentPostProcessor.class);

    @ArchTest
    static final ArchRule bootstrapImplementsNoPort = noClasses()
            .that().resideInAPackage(BOOTSTRAP)
            .should().beAssignableTo(JavaClass.Predicates.resideInAPackage(ROOT + ".application.port.."));

    /** No SQL, HTTP or broker code in the composition root or the command line: that is the adapters' work. */
    @ArchTest
    static final ArchRule bootstrapAndTheCommandLineTalkToNoStoreWebOrBroker = noClasses()
            .that().resideInAnyPackage(BOOTSTRAP, CLI)
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..",
                    "org.springframework.web..", "org.springframework.amqp..", "com.rabbitmq..",
                    "org.axonframework.eventsourcing.eventstore.jdbc..");

    @ArchTest
    static final ArchRule theCommandLineDoesNotDependOnBootstrap = noClasses()
            .that().resideInAPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP);

    @ArchTest
    static final ArchRule theApplicationsPackagesAreFreeOfCycles = slices()
            .matching(ROOT + ".application.(**)")
            .should().beFreeOfCycles();

    /** Per area of the domain: a Device's commands and events are its own, so device.* is one slice. */
    @ArchTest
    static final ArchRule theDomainsAreasAreFreeOfCycles = slices()
            .matching(ROOT + ".domain.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule everyAdaptersPackagesAreFreeOfCycles = slices()
            .matching(ROOT + ".adapter.(**)")
            .should().beFreeOfCycles();

    /** The ports speak in their own types and the domain's, never in a service package's. */
    @ArchTest
    static final ArchRule thePortsCarryOnlyPortAndDomainTypes = classes()
            .that().resideInAPackage(ROOT + ".application.port..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, ROOT + ".application.port..");

    /** A use case may speak in the out-ports' stored shapes; an out-port never in a use case's. */
    @ArchTest
    static final ArchRule theOutPortsDoNotDependOnTheInPorts = noClasses()
            .that().resideInAPackage(ROOT + ".application.port.out..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".application.port.in..");

    /** A fixed-delay task that throws never runs again: timers go through Recurring, which survives a failure. */
    @ArchTest
    static final ArchRule timersGoThroughRecurring = noClasses()
            .that().doNotHaveFullyQualifiedName(ROOT + ".application.schedule.Recurring")
            .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.base.DescribedPredicate.describe("a ScheduledExecutorService's periodic schedule",
                            target -> (target.getName().equals("scheduleWithFixedDelay")
                                    || target.getName().equals("scheduleAtFixedRate"))
                                    && target.getOwner().isAssignableTo(java.util.concurrent.ScheduledExecutorService.class))));

    /** The roles an endpoint family admits are defined once, in EndpointRoles; no controller or service keeps its own. */
    @ArchTest
    static final ArchRule roleSetsAreDefinedOnce = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields()
            .that().areStatic()
            .and().areDeclaredInClassesThat().resideInAnyPackage(ADAPTERS, APPLICATION, DOMAIN)
            .and(com.tngtech.archunit.base.DescribedPredicate.describe("are sets of user roles outside EndpointRoles",
                    field -> !field.getOwner().getName().startsWith(ROOT + ".application.port.in.EndpointRoles")
                            && field.getRawType().isAssignableTo(java.util.Collection.class)
                            && field.getType() instanceof com.tngtech.archunit.core.domain.JavaParameterizedType type
                            && !type.getActualTypeArguments().isEmpty()
                            && type.getActualTypeArguments().get(0).toErasure().getName().equals(
                                    ROOT + ".domain.device.UserRole")))
            .should().bePublic().orShould().notBePublic()
            .allowEmptyShould(true);

    /** The domain keeps the rules, not the formats: the reports' measures read no streams or files (ADR 0044). */
    @ArchTest
    static final ArchRule theReportsDomainDoesNoIo = noClasses()
            .that().resideInAPackage(ROOT + ".domain.reporting..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..",
                    "java.net..");

    /** Nor does any of the domain own a thread or an executor. */
    @ArchTest
    static final ArchRule theDomainOwnsNoThreads = noClasses()
            .that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class);
}
