package io.sac4j.train;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A column that some runs add to each metrics row ({@link MetricsCsv}, {@link MetricsJsonl}) and
 * TensorBoard ({@link TensorBoardListener}): a count the loop does not know of, read when the row is
 * written, on the training thread. A run on environment hosts adds {@code hosts_alive} and
 * {@code env_steps_lost}; runs without extra columns write the rows they always wrote, byte for byte.
 *
 * @param name           the CSV column and JSON field, e.g. {@code hosts_alive}
 * @param tensorBoardTag the scalar's tag, e.g. {@code hosts/alive}
 * @param value          the current value
 */
public record MetricColumn(String name, String tensorBoardTag, LongSupplier value) {
    public MetricColumn {
        Objects.requireNonNull(value, "value");
        if (!name.matches("[a-z][a-z0-9_]*") || tensorBoardTag.isBlank()) {
            throw new IllegalArgumentException("a metric column needs a snake_case name and a tag, got '" + name
                    + "' and '" + tensorBoardTag + "'");
        }
    }
}
