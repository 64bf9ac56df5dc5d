package dev.l4lab.lb.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * HTTP/1.x as it crosses the wire, for the raw test client and backend: lines, header lines looked up without
 * normalising them, and bodies checked by length and CRC32 with only their first bytes kept.
 */
public final class HttpWire {

    public static final int MAX_LINE = 64 * 1024;

    private HttpWire() {
    }

    /** A line without its CRLF (a bare LF ends one too: the test sees what the peer sent); null at EOF. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = b.toString(StandardCharsets.ISO_8859_1);
                return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("line over " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** All values of a header (case-insensitive name) among "Name: value" lines, in the order received. */
    public static List<String> values(List<String> headerLines, String name) {
        List<String> out = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** A body as it is read: its CRC32 and its first {@code keep} bytes. */
    public static final class Body {
        private final CRC32 crc = new CRC32();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int keep;
        private long length;

        public Body(int keep) {
            this.keep = keep;
        }

        public long length() {
            return length;
        }

        public long crc32() {
            return crc.getValue();
        }

        public String text() {
            return kept.toString(StandardCharsets.ISO_8859_1);
        }

        /** Reads n bytes, or to EOF when n is Long.MAX_VALUE (a close-delimited body). */
        public void read(InputStream in, long n) throws IOException {
            byte[] buf = new byte[16 * 1024];
            long done = 0;
            while (done < n) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    if (n == Long.MAX_VALUE) {
                        return;
                    }
                    throw new IOException("EOF after " + done + " of " + n + " body bytes");
                }
                crc.update(buf, 0, r);
                if (kept.size() < keep) {
                    kept.write(buf, 0, Math.min(r, keep - kept.size()));
                }
                done += r;
                length += r;
            }
        }

        /** Reads a chunked body up to and including its trailer section (trailers are not kept). */
        public void readChunked(InputStream in) throws IOException {
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new IOException("EOF in a chunked body");
                }
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    String trailer;
                    while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                        // trailer fields end at the empty line
                    }
                    return;
                }
                read(in, n);
                readLine(in); // the CRLF after the chunk data
            }
        }
    }
}
