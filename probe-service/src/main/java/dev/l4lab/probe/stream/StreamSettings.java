package dev.l4lab.probe.stream;

import io.vertx.core.Vertx;
import java.util.function.IntConsumer;

/**
 * How one stream's outbox is bounded.
 *
 * @param maxBytes   results held for the client beyond what it has asked for, before producers pause
 * @param stallMs    results waiting and nothing delivered for this long: the client stopped reading
 * @param vertx      for the stall timer
 * @param onStall    told how many results a stalled stream dropped (for the metric)
 */
public record StreamSettings(long maxBytes, long stallMs, Vertx vertx, IntConsumer onStall) {
}
