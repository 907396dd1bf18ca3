package dev.sightline.storage.traces;

import static dev.sightline.storage.testing.TestSpans.MARCH_1_NOON;
import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.request;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Day column families: retention drops whole days, and the correlation directory says which days hold a value. */
class TraceRetentionTest {
    private static final long DAY = 86_400L * 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void correlationDirectoryAndRetentionByDay() throws Exception {
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            store.apply(1, Signal.TRACES, request("shop",
                    span(1, 1, "old", MARCH_1_NOON).toBuilder().addAttributes(attr("correlation.id", "order-7")).build()));
            store.apply(2, Signal.TRACES, request("shop", span(2, 1, "middle", MARCH_1_NOON + DAY)));
            store.apply(3, Signal.TRACES, request("shop",
                    span(3, 1, "new", MARCH_1_NOON + 2 * DAY).toBuilder().addAttributes(attr("request.id", "r-1"))
                            .addAttributes(attr("correlation.id", "order-7")).build()));
            assertThat(store.days()).containsExactly("20240303", "20240302", "20240301");
            assertThat(store.correlationDays("order-7")).containsExactly("20240303", "20240301");
            assertThat(store.correlationDays("r-1")).containsExactly("20240303");
            assertThat(store.correlationDays("unknown")).isEmpty();

            assertThat(store.dropBefore("20240302")).containsExactly("20240301");
            assertThat(store.trace(traceIdOf(1))).isEmpty();
            assertThat(store.trace(traceIdOf(2))).hasSize(1);
            assertThat(store.trace(traceIdOf(3))).hasSize(1);
            assertThat(store.correlationDays("order-7")).containsExactly("20240303");

            // A late span of a dropped day is not stored again.
            store.apply(4, Signal.TRACES, request("shop", span(1, 2, "late", MARCH_1_NOON + 1)));
            assertThat(store.trace(traceIdOf(1))).isEmpty();
            store.commit(4);
        }
        try (TraceStore reopened = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            assertThat(reopened.days()).containsExactly("20240303", "20240302");
            assertThat(reopened.trace(traceIdOf(3))).extracting(s -> s.span().getName()).containsExactly("new");
            assertThat(reopened.correlationDays("order-7")).containsExactly("20240303");
        }
    }

    @Test
    void aTraceSpanningMidnightIsReadWholeFromBothDays() throws Exception {
        long beforeMidnight = MARCH_1_NOON + DAY / 2 - 1_000_000;
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            store.apply(1, Signal.TRACES, request("shop", span(5, 1, "parent", beforeMidnight),
                    span(5, 2, "child", beforeMidnight + 2_000_000)));
            assertThat(store.days()).containsExactly("20240302", "20240301");
            assertThat(store.trace(traceIdOf(5))).extracting(s -> s.span().getName())
                    .containsExactlyInAnyOrder("parent", "child");
        }
    }
}
