package dev.l4lab.probe.input;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.net.WireText;

/**
 * A user's "expect" regex, matched by RE2/J: linear in the input, no backtracking, so no pattern can
 * run away. RE2 syntax (Go's, the blackbox_exporter's): no backreferences, no lookaround. RE2/J itself
 * does not bound the size of the compiled program ({@code ((a{999}){999}){999}} exhausts any heap), so
 * counted repetitions are expanded first by {@link ProgramSize} and patterns larger than
 * {@link #MAX_PROGRAM} are refused. A match costs about program size x input bytes.
 */
public final class Expect {

    /** Upper bound of the expanded pattern (about one RE2 instruction per unit). */
    public static final int MAX_PROGRAM = 1000;

    private final Pattern pattern;
    private final int programSize;

    private Expect(Pattern pattern, int programSize) {
        this.pattern = pattern;
        this.programSize = programSize;
    }

    /** Compiles {@code regex}; null when it is empty. Bad or oversized patterns name {@code limit}'s field. */
    public static Expect compile(Limit limit, String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        limit.checkLength(regex.length());
        return compile(limit.field(), regex);
    }

    /** As {@link #compile(Limit, String)} for a pattern whose length is bounded elsewhere (config). */
    public static Expect compile(String field, String regex) {
        int size = ProgramSize.of(regex);
        if (size > MAX_PROGRAM) {
            throw ProbeException.invalid(field, "expands to about " + size + " instructions, at most " + MAX_PROGRAM
                    + " allowed (counted repetitions multiply: (x{10}){10} is 100 copies of x)");
        }
        try {
            return new Expect(Pattern.compile(regex), size);
        } catch (PatternSyntaxException e) {
            throw ProbeException.invalid(field, "is not a supported regex (RE2 syntax: no backreferences or "
                    + "lookaround): " + e.getMessage());
        }
    }

    /** Whether the pattern occurs in the first {@code length} bytes (each byte one ISO-8859-1 char). */
    public boolean find(byte[] bytes, int length) {
        return pattern.matcher(WireText.latin1(bytes, length)).find();
    }

    /** The match as a Matcher over {@code text}, for callers that need groups. */
    public Matcher matcher(CharSequence text) {
        return pattern.matcher(text);
    }

    /** About what matching {@code bytes} bytes costs, in instruction-bytes. */
    public long cost(int bytes) {
        return (long) Math.max(1, programSize) * bytes;
    }

    public String pattern() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
