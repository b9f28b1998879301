package dev.tandem.bench;

import java.util.Arrays;

/** The two ways the benchmarks read a distribution; each benchmark keeps the one its published figures used. */
final class Percentiles {

    private Percentiles() {
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    static double nearestRank(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The value in the middle, the upper one of the two middles of an even count. */
    static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
