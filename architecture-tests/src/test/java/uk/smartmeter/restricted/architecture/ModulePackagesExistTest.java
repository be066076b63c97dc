package uk.smartmeter.restricted.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules above mean something only if each module's package is really there to be checked. */
class ModulePackagesExistTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ModuleRulesTest.ROOT);

    @ParameterizedTest
    @ValueSource(strings = {"domain", "domain.gate", "domain.csp", "domain.reporting", "application", "application.gate",
            "application.csp", "application.reporting", "adapter.rest", "adapter.rest.gate", "adapter.rest.csp",
            "adapter.rest.reporting", "adapter.csp", "adapter.reporting", "adapter.store", "bootstrap", "cli"})
    void theModulePackageHoldsClasses(String module) {
        String pkg = ModuleRulesTest.ROOT + "." + module;
        assertFalse(PRODUCTION.stream().noneMatch(type -> type.getPackageName().startsWith(pkg)),
                "no classes found in " + pkg);
    }
}
