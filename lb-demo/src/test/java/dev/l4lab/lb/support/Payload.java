package dev.l4lab.lb.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A deterministic, incompressible byte stream (xorshift), so both ends of a transfer can check it is byte-exact
 * without keeping a copy: the sender fills from one instance, the receiver compares CRC32 with {@link #crc32}.
 */
public final class Payload {

    private long state = 0x9E3779B97F4A7C15L;

    public void fill(byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            buf[i] = (byte) state;
        }
    }

    /** Writes n bytes of the stream, counting them in written as they leave (a blocked write stops the count). */
    public static void writeTo(OutputStream out, long n, AtomicLong written) throws IOException {
        forEachPiece(n, (piece, len) -> {
            out.write(piece, 0, len);
            written.addAndGet(len);
        });
        out.flush();
    }

    /** CRC32 of the first n bytes of the stream. */
    public static long crc32(long n) throws IOException {
        CRC32 crc = new CRC32();
        forEachPiece(n, (piece, len) -> crc.update(piece, 0, len));
        return crc.getValue();
    }

    private interface PieceSink {
        void accept(byte[] piece, int len) throws IOException;
    }

    private static void forEachPiece(long n, PieceSink sink) throws IOException {
        Payload p = new Payload();
        byte[] piece = new byte[16 * 1024];
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(piece.length, left);
            p.fill(piece, len);
            sink.accept(piece, len);
            left -= len;
        }
    }
}
