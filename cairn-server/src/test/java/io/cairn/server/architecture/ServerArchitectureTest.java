package io.cairn.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.cairn.server.cyclea.Left;
import io.cairn.server.cycleb.Right;
import io.cairn.server.partition.PartitionGroup;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.raft.RaftNode;
import io.cairn.testkit.ClockRule;
import org.junit.jupiter.api.Test;

/**
 * The shape of a node (docs/architecture.md): consensus stays behind the partition seam, time
 * is read only through the injected ticker, and the server's packages depend on each other
 * without cycles, so each can be read, tested and replaced from the ones below it.
 */
@AnalyzeClasses(packages = "io.cairn.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {

    @ArchTest
    static final ArchRule ratisStaysInRaft = noClasses().that().resideOutsideOfPackage("io.cairn.server.raft..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.ratis..")
            .because("routing, health, HTTP and the cluster see consensus only through partition.PartitionGroup");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.cairn.server.(*)..").should().beFreeOfCycles()
            .because("a package that needs its dependents cannot be understood or tested on its own");

    @ArchTest
    static final ArchRule timeOnlyFromTheTicker = ClockRule.noBareClockReads()
            .because("the node reads time only through the injected io.cairn.api.time.Ticker, so tests can drive it");

    @Test
    void theServerKeepsTheTimeRule() {
        timeOnlyFromTheTicker.check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.cairn.server"));
    }

    @Test
    void timeRuleCatchesABareClockRead() {
        JavaClasses bare = new ClassFileImporter().importClasses(ReadsTheClock.class);
        assertThatThrownBy(() -> timeOnlyFromTheTicker.check(bare)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReadsTheClock.class.getName());
    }

    /** The rule must fail on the thing it forbids; otherwise a passing run proves nothing. */
    @Test
    void ratisRuleCatchesARatisTypeOutsideRaft() {
        JavaClasses leaky = new ClassFileImporter().importClasses(RatisOutsideRaft.class);
        assertThatThrownBy(() -> ratisStaysInRaft.check(leaky)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(RatisOutsideRaft.class.getName());
    }

    @Test
    void ratisRuleAllowsTheSeamAndItsUsers() {
        ratisStaysInRaft.check(new ClassFileImporter().importClasses(PartitionRouter.class, PartitionGroup.class,
                RaftNode.class));
    }

    @Test
    void cycleRuleCatchesTwoPackagesThatNeedEachOther() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(Left.class, Right.class);
        assertThatThrownBy(() -> noPackageCycles.check(cyclic)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cyclea").hasMessageContaining("cycleb");
    }

    /** A class that reads the clock itself: what the time rule forbids. */
    static final class ReadsTheClock {
        long now() {
            return System.nanoTime();
        }
    }

    /** A class outside raft that holds a Ratis type: what the rule forbids. */
    static final class RatisOutsideRaft {
        org.apache.ratis.protocol.RaftPeerId leader;
    }
}
