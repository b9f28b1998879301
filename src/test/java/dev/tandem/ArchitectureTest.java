package dev.tandem;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package floors, read from the compiled main classes: settings at the bottom, the tool contract and the JSON
 * checks beside them, features above, MCP and the application on top; no package cycle at either level.
 */
@AnalyzeClasses(packages = "dev.tandem", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule should_have_no_cycle_between_top_level_packages =
            slices().matching("dev.tandem.(*)..").should().beFreeOfCycles();

    /** aws.documentdb against aws.cloudcontrol, and any other feature's rooms against each other. */
    @ArchTest
    static final ArchRule should_have_no_cycle_between_second_level_packages =
            slices().matching("dev.tandem.(*).(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule should_keep_configuration_free_of_features = noClasses()
            .that().resideInAPackage("dev.tandem.config..")
            .should().dependOnClassesThat(resideInAPackage("dev.tandem..")
                    .and(not(resideInAPackage("dev.tandem.config.."))))
            .because("settings are the bottom floor: each feature reads them, none is named by them");

    @ArchTest
    static final ArchRule should_keep_the_tool_contract_on_its_own = noClasses()
            .that().resideInAPackage("dev.tandem.tool..")
            .should().dependOnClassesThat(resideInAPackage("dev.tandem..")
                    .and(not(resideInAPackage("dev.tandem.tool.."))));

    @ArchTest
    static final ArchRule should_keep_the_json_checks_on_their_own = noClasses()
            .that().resideInAPackage("dev.tandem.json..")
            .should().dependOnClassesThat(resideInAPackage("dev.tandem..")
                    .and(not(resideInAPackage("dev.tandem.json.."))))
            .because("the chat API and the MCP tools check schemas with the same code, so it can import neither");

    @ArchTest
    static final ArchRule should_let_features_offer_tools_without_mcp = noClasses()
            .that().resideOutsideOfPackages("dev.tandem.mcp..", "dev.tandem")
            .should().dependOnClassesThat().resideInAPackage("dev.tandem.mcp..")
            .because("features implement the tool contract of dev.tandem.tool; only the application wires MCP");
}
