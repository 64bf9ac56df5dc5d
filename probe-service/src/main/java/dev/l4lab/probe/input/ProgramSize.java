package dev.l4lab.probe.input;

/**
 * Estimates how large a regex becomes once RE2 expands its counted repetitions: x{n,m} is m copies of x,
 * x{n,} is n+1, so nested counts multiply. Only an estimate for the size check; RE2/J still parses the
 * pattern and rejects bad syntax. Over-counting is fine, under-counting a nested repeat is not, so every
 * '{n,m}' that RE2 would read as a repeat is read as one here.
 */
final class ProgramSize {

    private final String re;
    private int pos;

    private ProgramSize(String re) {
        this.re = re;
    }

    static int of(String regex) {
        ProgramSize p = new ProgramSize(regex);
        long size = p.alternation();
        while (p.pos < regex.length()) { // a stray ')': RE2/J reports it; keep counting the rest
            p.pos++;
            size += p.alternation();
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private long alternation() {
        long size = sequence();
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            size = cap(size + 1 + sequence());
        }
        return size;
    }

    private long sequence() {
        long size = 0;
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            long atom = atom();
            size = cap(size + quantified(atom));
        }
        return size;
    }

    private long atom() {
        char c = re.charAt(pos++);
        switch (c) {
            case '(':
                skipGroupPrefix();
                long inner = alternation();
                if (pos < re.length() && re.charAt(pos) == ')') {
                    pos++;
                }
                return inner + 1;
            case '[':
                skipClass();
                return 1;
            case '\\':
                return escape();
            default:
                return 1;
        }
    }

    private long quantified(long atom) {
        long size = atom;
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                size = cap(size + 1);
            } else if (c == '{' && repeatAt(pos) != null) {
                long[] nm = repeatAt(pos);
                pos = (int) nm[2];
                size = cap(size * Math.max(1, Math.max(nm[0] + (nm[1] < 0 ? 1 : 0), nm[1])));
            } else {
                return size;
            }
            if (pos < re.length() && re.charAt(pos) == '?') {
                pos++; // lazy
            }
        }
        return size;
    }

    /** {n}, {n,} or {n,m} at {@code at}: {n, m (-1 for none), end}, or null when '{' is a literal there. */
    private long[] repeatAt(int at) {
        int i = at + 1;
        int n0 = i;
        while (i < re.length() && isAsciiDigit(re.charAt(i))) {
            i++;
        }
        if (i == n0 || i >= re.length() || i - n0 > 9) {
            return null;
        }
        long n = Long.parseLong(re.substring(n0, i));
        long m = n;
        if (re.charAt(i) == ',') {
            int m0 = ++i;
            while (i < re.length() && isAsciiDigit(re.charAt(i))) {
                i++;
            }
            if (i - m0 > 9) {
                return null;
            }
            m = i == m0 ? -1 : Long.parseLong(re.substring(m0, i));
        }
        if (i >= re.length() || re.charAt(i) != '}') {
            return null;
        }
        return new long[] {n, m, i + 1};
    }

    private void skipGroupPrefix() {
        if (pos < re.length() && re.charAt(pos) == '?') {
            int end = pos;
            while (end < re.length() && re.charAt(end) != ':' && re.charAt(end) != ')' && re.charAt(end) != '>') {
                end++;
            }
            pos = Math.min(re.length(), end + (end < re.length() && re.charAt(end) != ')' ? 1 : 0));
        }
    }

    private void skipClass() {
        if (pos < re.length() && re.charAt(pos) == '^') {
            pos++;
        }
        if (pos < re.length() && re.charAt(pos) == ']') {
            pos++; // a leading ']' is a member
        }
        while (pos < re.length() && re.charAt(pos) != ']') {
            if (re.charAt(pos) == '\\') {
                pos++;
            } else if (re.startsWith("[:", pos)) {
                int end = re.indexOf(":]", pos + 2);
                pos = end < 0 ? pos : end + 1;
            }
            pos++;
        }
        pos = Math.min(re.length(), pos + 1);
    }

    private long escape() {
        if (pos >= re.length()) {
            return 1;
        }
        char e = re.charAt(pos++);
        if (e == 'Q') { // \Q...\E: literal text
            int end = re.indexOf("\\E", pos);
            int stop = end < 0 ? re.length() : end;
            long size = Math.max(1, stop - pos);
            pos = end < 0 ? re.length() : end + 2;
            return size;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && pos < re.length() && re.charAt(pos) == '{') {
            int end = re.indexOf('}', pos);
            pos = end < 0 ? re.length() : end + 1;
        }
        return 1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long cap(long v) {
        return Math.min(v, Integer.MAX_VALUE);
    }
}
