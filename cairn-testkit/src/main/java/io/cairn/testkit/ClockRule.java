package io.cairn.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction;

/**
 * The ArchUnit rule that the server's and the client's architecture tests share: time is read
 * only through the injected {@code io.cairn.api.time.Ticker}. It forbids what reads the clock
 * directly: {@code System.nanoTime()}, {@code System.currentTimeMillis()}, any
 * {@code java.time ... now()}, and {@code java.time.Clock}/{@code InstantSource}. A module adds
 * its own clauses with {@code orShould()} and its reason with {@code because()}.
 */
public final class ClockRule {

    private ClockRule() {
    }

    /** No analysed class reads the clock itself. */
    public static ClassesShouldConjunction noBareClockReads() {
        return noClasses()
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat(describe("java.time.Clock or InstantSource",
                        c -> c.getName().equals("java.time.Clock") || c.getName().equals("java.time.InstantSource")))
                .orShould().callMethodWhere(describe("a java.time now()", call -> call.getTarget().getName()
                        .equals("now") && call.getTarget().getOwner().getPackageName().equals("java.time")));
    }
}
