package dev.l4lab.probe.blackbox;

import com.google.re2j.Matcher;

/**
 * Go's Regexp.Expand for query_response sends: $1 or ${1} is a group by number, $name or ${name} by
 * name (the longest run of letters, digits and '_'), $$ is a literal '$'; an unknown group is empty.
 */
final class GoExpand {

    private GoExpand() {
    }

    static String expand(String template, Matcher match) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            out.append(group(match, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String value = null;
        try {
            if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                int n = Integer.parseInt(name);
                value = n <= m.groupCount() ? m.group(n) : null;
            } else {
                value = m.group(name);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            value = null;
        }
        return value == null ? "" : value;
    }
}
