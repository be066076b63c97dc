package uk.smartmeter.restricted.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
}
