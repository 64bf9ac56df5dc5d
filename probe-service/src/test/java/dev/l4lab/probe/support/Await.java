package dev.l4lab.probe.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polls a condition with a generous deadline instead of sleeping and comparing. */
public final class Await {

    private Await() {
    }

    public static void until(BooleanSupplier condition, long ms, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + ms + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }
}
