package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Requests per minute per key, on a clock the test moves. */
class RequestBudgetsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final RequestBudgets budgets = new RequestBudgets(now::get);

    @Test
    void should_let_a_key_spend_its_minute_at_once_then_tell_when_the_next_request_may_go() {
        Caller caller = caller("ci", 3);

        assertThat(budgets.spend(caller)).isEmpty();
        assertThat(budgets.spend(caller)).isEmpty();
        assertThat(budgets.spend(caller)).isEmpty();
        assertThat(budgets.spend(caller)).isEqualTo(OptionalLong.of(20));

        now.addAndGet(19 * SECOND);
        assertThat(budgets.spend(caller)).isEqualTo(OptionalLong.of(1));
        now.addAndGet(SECOND);
        assertThat(budgets.spend(caller)).isEmpty();
    }

    @Test
    void should_keep_each_keys_budget_apart() {
        budgets.spend(caller("ci", 1));

        assertThat(budgets.spend(caller("ci", 1))).isPresent();
        assertThat(budgets.spend(caller("console", 1))).isEmpty();
    }

    @Test
    void should_never_limit_a_key_without_a_limit() {
        Caller caller = caller("console", 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(budgets.spend(caller)).isEmpty();
        }
    }

    @Test
    void should_not_save_up_more_than_one_minute_of_requests() {
        Caller caller = caller("ci", 2);
        now.addAndGet(3600 * SECOND);

        assertThat(budgets.spend(caller)).isEmpty();
        assertThat(budgets.spend(caller)).isEmpty();
        assertThat(budgets.spend(caller)).isPresent();
    }

    private static Caller caller(String name, int rpm) {
        return new Caller(name, EnumSet.allOf(Scope.class), rpm);
    }
}
