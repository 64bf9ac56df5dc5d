package dev.l4lab.probe.watch;

import dev.l4lab.probe.v1.WatchStats;
import java.util.Arrays;

/** min/avg/max/population stddev and nearest-rank percentiles over the answered samples. */
public final class RttStats {

    private RttStats() {
    }

    public static WatchStats.Builder of(int sent, double[] rtts) {
        WatchStats.Builder b = WatchStats.newBuilder().setSent(sent).setReceived(rtts.length)
                .setLossPercent(sent == 0 ? 0 : 100.0 * (sent - rtts.length) / sent);
        if (rtts.length == 0) {
            return b;
        }
        double[] sorted = rtts.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double r : sorted) {
            sum += r;
        }
        double avg = sum / sorted.length;
        double var = 0;
        for (double r : sorted) {
            var += (r - avg) * (r - avg);
        }
        return b.setMinMs(sorted[0]).setMaxMs(sorted[sorted.length - 1]).setAvgMs(avg)
                .setStddevMs(Math.sqrt(var / sorted.length))
                .setP50Ms(percentile(sorted, 50)).setP90Ms(percentile(sorted, 90)).setP99Ms(percentile(sorted, 99));
    }

    /** Nearest-rank: the smallest value with at least p% of the samples at or below it. */
    public static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
