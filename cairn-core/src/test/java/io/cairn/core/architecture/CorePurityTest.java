package io.cairn.core.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The domain is a deterministic function of the commands it is given (docs/architecture.md):
 * replicas replaying one log must reach one catalog, so nothing in cairn-core may read a clock,
 * draw a random number, start a thread, touch a file or the network, or reach into Raft, HTTP or
 * JSON libraries. Time and randomness, where a future feature needs them, travel inside commands.
 */
@AnalyzeClasses(packages = "io.cairn.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CorePurityTest {

    private static final String CORE = "io.cairn.core..";

    @ArchTest
    static final ArchRule noFilesOrNetwork = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(
                    resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
                            .or(nameStartingWith("java.io.File"))
                            .or(named("java.io.RandomAccessFile")))
            .because("the catalog does no I/O: the server owns files and sockets");

    @ArchTest
    static final ArchRule noThreadsOrExecutors = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(
                    named("java.lang.Thread")
                            .or(named("java.lang.ThreadGroup"))
                            .or(named("java.util.Timer"))
                            .or(named("java.util.TimerTask"))
                            .or(nameMatching("java\\.util\\.concurrent\\..*Executor.*"))
                            .or(named("java.util.concurrent.ForkJoinPool")))
            .because("one apply thread per partition is the server's business, not the domain's");

    @ArchTest
    static final ArchRule noRandomness = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(
                    named("java.util.Random")
                            .or(named("java.util.SplittableRandom"))
                            .or(named("java.util.concurrent.ThreadLocalRandom"))
                            .or(named("java.security.SecureRandom"))
                            .or(resideInAPackage("java.util.random..")))
            .orShould().callMethod(UUID.class, "randomUUID")
            .because("replicas replaying one log must make the same choices");

    @ArchTest
    static final ArchRule noClock = noClasses().that().resideInAPackage(CORE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat(named("java.time.Clock").or(named("java.time.InstantSource")))
            .orShould().callMethodWhere(describe("a java.time now()", call ->
                    call.getTarget().getName().equals("now")
                            && call.getTarget().getOwner().getPackageName().equals("java.time")))
            .because("time a command needs travels inside the command");

    @ArchTest
    static final ArchRule noEnvironment = noClasses().that().resideInAPackage(CORE)
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .because("configuration has one home, in the server");

    @ArchTest
    static final ArchRule noInfrastructureLibraries = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(resideInAnyPackage(
                    "org.apache.ratis..", "io.vertx..", "io.netty..", "com.fasterxml..", "org.slf4j..",
                    "io.grpc..", "com.google.protobuf.."))
            .because("the domain knows nothing of consensus, HTTP, JSON or logging");

    @ArchTest
    static final ArchRule noOtherCairnModule = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(resideInAPackage("io.cairn..").and(resideOutsideOfPackage(CORE)))
            .because("arrows point inward: server -> core, never core -> server, client or cli");

    @ArchTest
    static final ArchRule noServerClientOrCli = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(resideInAnyPackage(
                    "io.cairn.server..", "io.cairn.client..", "io.cairn.cli..", "io.cairn.api..",
                    "io.cairn.testkit.."));

    /** Each rule must fail on the one thing it forbids; otherwise a passing run proves nothing. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("violations")
    void ruleCatchesItsViolation(ArchRule rule, Class<?> offender) {
        JavaClasses classes = new ClassFileImporter().importClasses(offender);
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender.getName());
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(noClock, ImpureExamples.ReadsWallClock.class),
                Arguments.of(noClock, ImpureExamples.ReadsNanoTime.class),
                Arguments.of(noClock, ImpureExamples.CallsInstantNow.class),
                Arguments.of(noClock, ImpureExamples.CallsLocalDateTimeNow.class),
                Arguments.of(noClock, ImpureExamples.HoldsAClock.class),
                Arguments.of(noThreadsOrExecutors, ImpureExamples.StartsAThread.class),
                Arguments.of(noThreadsOrExecutors, ImpureExamples.UsesAnExecutor.class),
                Arguments.of(noThreadsOrExecutors, ImpureExamples.UsesATimer.class),
                Arguments.of(noRandomness, ImpureExamples.DrawsFromRandom.class),
                Arguments.of(noRandomness, ImpureExamples.DrawsFromThreadLocalRandom.class),
                Arguments.of(noRandomness, ImpureExamples.MakesARandomUuid.class),
                Arguments.of(noFilesOrNetwork, ImpureExamples.OpensAFile.class),
                Arguments.of(noFilesOrNetwork, ImpureExamples.ReadsAFileStream.class),
                Arguments.of(noFilesOrNetwork, ImpureExamples.UsesNioFiles.class),
                Arguments.of(noFilesOrNetwork, ImpureExamples.ResolvesANetworkName.class),
                Arguments.of(noEnvironment, ImpureExamples.ReadsTheEnvironment.class),
                Arguments.of(noEnvironment, ImpureExamples.ReadsASystemProperty.class));
    }

    @Test
    void rulesAllowWhatTheDomainDoes() {
        JavaClasses pure = new ClassFileImporter().importClasses(ImpureExamples.Pure.class);
        for (ArchRule rule : List.of(noFilesOrNetwork, noThreadsOrExecutors, noRandomness, noClock, noEnvironment,
                noInfrastructureLibraries, noOtherCairnModule, noServerClientOrCli)) {
            rule.check(pure);
        }
    }

    private static DescribedPredicate<JavaClass> named(String name) {
        return describe(name, c -> c.getName().equals(name));
    }

    private static DescribedPredicate<JavaClass> nameStartingWith(String prefix) {
        return describe(prefix + "*", c -> c.getName().startsWith(prefix));
    }

    private static DescribedPredicate<JavaClass> nameMatching(String regex) {
        return describe("matching " + regex, c -> c.getName().matches(regex));
    }
}
