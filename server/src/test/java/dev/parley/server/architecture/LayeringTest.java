package dev.parley.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the compiled classes of every module (this module's
 * test classpath holds them all): dependencies point one way, and no two packages depend on each other.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importParley() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley");
    }

    @Test
    void roomsKnowNeitherSignalingNorHttp() {
        noClasses().that().resideInAPackage("dev.parley.server.room..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.server.signal..",
                        "dev.parley.server.http..")
                .because("rooms talk upward through PeerEvents and RoomException; signaling owns the wire")
                .check(classes);
    }

    @Test
    void theMediaPlaneKnowsNoServer() {
        noClasses().that().resideInAPackage("dev.parley.sfu..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.server..", "dev.parley.usersig..")
                .because("the media plane forwards without rooms, JSON or credentials")
                .check(classes);
    }

    @Test
    void authKnowsNoSignaling() {
        noClasses().that().resideInAPackage("dev.parley.server.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.server.signal..",
                        "dev.parley.server.http..", "dev.parley.server.room..")
                .check(classes);
    }

    @Test
    void theProtocolModulesKnowNothingAboveThem() {
        noClasses().that().resideInAPackage("dev.parley.media..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.sfu..", "dev.parley.server..",
                        "dev.parley.usersig..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.parley.usersig..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.media..", "dev.parley.sfu..",
                        "dev.parley.server..")
                .check(classes);
    }

    @Test
    void theHeadlessClientStandsOnTheProtocolModulesAlone() {
        // media → client → load/bench (GUIDE.md): a client is what a browser is, not a piece of the server
        noClasses().that().resideInAPackage("dev.parley.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.server..", "dev.parley.sfu..",
                        "dev.parley.load..", "dev.parley.bench..")
                .because("the headless client talks to a server only over its WebSocket and UDP port")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.parley.media..", "dev.parley.sfu..", "dev.parley.server..",
                        "dev.parley.usersig..")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.client..")
                .because("only tests, tools and users stand on the client")
                .check(classes);
    }

    @Test
    void noPackagesFormACycle() {
        slices().matching("dev.parley.(**)").should().beFreeOfCycles().check(classes);
    }
}
