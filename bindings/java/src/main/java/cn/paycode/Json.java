package cn.paycode;

/**
 * Reads one top-level string field of a JSON object, enough for the error objects the C ABI
 * writes (a flat object of strings, numbers and null). Not a general JSON reader.
 */
final class Json {
    private Json() {}

    /** The string value of {@code key} at the top level of {@code json}, or null (absent, not a string). */
    static String field(String json, String key) {
        int[] at = {skip(json, 0)};
        if (at[0] >= json.length() || json.charAt(at[0]) != '{') return null;
        at[0]++;
        while (true) {
            at[0] = skip(json, at[0]);
            if (at[0] >= json.length() || json.charAt(at[0]) != '"') return null;
            String k = string(json, at);
            at[0] = skip(json, at[0]);
            if (k == null || at[0] >= json.length() || json.charAt(at[0]) != ':') return null;
            at[0] = skip(json, at[0] + 1);
            if (at[0] >= json.length()) return null;
            if (json.charAt(at[0]) == '"') {
                String v = string(json, at);
                if (key.equals(k)) return v;
                if (v == null) return null;
            } else {
                // A number, a literal, or a nested value: passed over, strings in it included.
                int depth = 0;
                while (at[0] < json.length()) {
                    char c = json.charAt(at[0]);
                    if (c == '"') {
                        if (string(json, at) == null) return null;
                        continue;
                    }
                    if (c == '{' || c == '[') depth++;
                    if (c == '}' || c == ']') {
                        if (depth == 0) break;
                        depth--;
                    }
                    if (c == ',' && depth == 0) break;
                    at[0]++;
                }
                if (key.equals(k)) return null;
            }
            at[0] = skip(json, at[0]);
            if (at[0] >= json.length() || json.charAt(at[0]) != ',') return null;
            at[0]++;
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
        return i;
    }

    /** The string starting at the quote at at[0]; at[0] ends after its closing quote. */
    private static String string(String s, int[] at) {
        StringBuilder b = new StringBuilder();
        int i = at[0] + 1;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                at[0] = i;
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) return null;
            char e = s.charAt(i++);
            switch (e) {
                case '"': case '\\': case '/': b.append(e); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) return null;
                    try {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        return null;
                    }
                    i += 4;
                    break;
                default: return null;
            }
        }
        return null;
    }
}
