package dev.l4lab.lb.balance;

import java.nio.charset.StandardCharsets;

/** Stable 64-bit hashes (FNV-1a then a SplitMix64 finaliser) so tables do not depend on the JVM. */
public final class Hashing {

    private Hashing() {
    }

    public static long hash(String text, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
