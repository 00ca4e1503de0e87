package io.cairn.client.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.cairn.testkit.ClockRule;
import org.junit.jupiter.api.Test;

/**
 * The client reads time only through the injected {@code io.cairn.api.time.Ticker} and waits only
 * on the injected scheduler (docs/architecture.md, "The client library"), so that its leases,
 * retries and staleness are tested on a manual clock.
 */
@AnalyzeClasses(packages = "io.cairn.client", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientTimeTest {

    @ArchTest
    static final ArchRule timeOnlyFromTheTicker = ClockRule.noBareClockReads()
            .orShould().callMethodWhere(describe("a timer of an executor", call -> call.getTarget().getName()
                    .startsWith("schedule") && call.getTarget().getOwner().isAssignableTo(
                            java.util.concurrent.ScheduledExecutorService.class)))
            .because("the client's time is the injected ticker and scheduler (io.cairn.api.time)");

    @Test
    void theClientKeepsTheRule() {
        timeOnlyFromTheTicker.check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.cairn.client"));
    }

    /** The rule must fail on the thing it forbids; otherwise a passing run proves nothing. */
    @Test
    void theRuleCatchesABareClockReadAndAnExecutorTimer() {
        JavaClasses offenders = new ClassFileImporter().importClasses(ReadsTheClock.class, SchedulesOnAnExecutor.class);
        assertThatThrownBy(() -> timeOnlyFromTheTicker.check(offenders)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReadsTheClock.class.getName())
                .hasMessageContaining(SchedulesOnAnExecutor.class.getName());
    }

    static final class ReadsTheClock {
        java.time.Instant now() {
            return java.time.Instant.now();
        }
    }

    static final class SchedulesOnAnExecutor {
        void later(java.util.concurrent.ScheduledExecutorService executor) {
            executor.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
