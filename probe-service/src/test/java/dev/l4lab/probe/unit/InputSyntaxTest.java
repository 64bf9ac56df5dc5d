package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.input.Expect;
import dev.l4lab.probe.input.Fields;
import dev.l4lab.probe.input.Limit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Host syntax and the expect regex, on their own (no sockets). */
class InputSyntaxTest {

    private static final Limit EXPECT = Limit.of("expect", 0, 256, Limit.Zero.ALLOWED, 0).counting("characters");

    @Test
    void hostsAreNamesOrLiteralsAndNothingElse() {
        assertEquals("echo-1", Fields.host("echo-1"));
        assertEquals("l4lab_echo-1_1", Fields.host("l4lab_echo-1_1"));
        assertEquals("localhost.", Fields.host("localhost."));
        assertEquals("127.0.0.1", Fields.host("127.0.0.1"));
        assertEquals("::1", Fields.host("[::1]"));
        assertEquals("::ffff:127.0.0.1", Fields.host("::ffff:127.0.0.1"));
        String[] bad = {"[]", "[", "]", "[127.0.0.1]", "127.1", "2130706433", "127.0.0.256", "fe80::1%eth0", "a b",
            "-echo", "echo-", "a..b", ".", "", "x".repeat(64), "a/b", "a:b:c", "http://x", "\u0435cho", "ec\u0000ho",
            "a.".repeat(127) + "ab"};
        for (String h : bad) {
            ProbeException e = assertThrows(ProbeException.class, () -> Fields.host(h), h);
            assertEquals("host", e.field(), h);
        }
    }

    @Test
    void expectIsRe2LinearTimeAndBounded() {
        byte[] as = "a".repeat(65_536).getBytes(StandardCharsets.ISO_8859_1);
        // catastrophic backtracking for java.util.regex; linear for RE2
        Expect evil = Expect.compile(EXPECT, "(a|aa)*c");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(evil.find(as, as.length)));
        assertTrue(Expect.compile(EXPECT, "^SSH-2\\.0-").find("SSH-2.0-x".getBytes(StandardCharsets.ISO_8859_1), 9));
        assertNotNull(Expect.compile(EXPECT, "\\d{1,3}(\\.\\d{1,3}){3}"));
        for (String unsupported : new String[] {"(a)\\1", "(?=a)", "(?<!a)b", "(unclosed", "a{1001}"}) {
            ProbeException e = assertThrows(ProbeException.class, () -> Expect.compile(EXPECT, unsupported), unsupported);
            assertEquals("expect", e.field());
            assertTrue(e.getMessage().startsWith("expect: "), e.getMessage());
        }
        // RE2/J would build a program of a billion instructions for this (OutOfMemoryError); refused up front
        for (String huge : new String[] {"((a{999}){999}){999}", "(a{1000}){1000}", "((a|b){30}){30}", "(x{10}){200}"}) {
            ProbeException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThrows(ProbeException.class, () -> Expect.compile(EXPECT, huge)), huge);
            assertTrue(e.getMessage().contains("instructions"), e.getMessage());
        }
        ProbeException tooLong = assertThrows(ProbeException.class, () -> Expect.compile(EXPECT, "a".repeat(257)));
        assertTrue(tooLong.getMessage().contains("257 characters, at most 256"), tooLong.getMessage());
    }
}
