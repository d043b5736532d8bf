package cn.paycode;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * paycode from Java: decode anything scanned into the JSON report {@code paycode decode --json}
 * prints, convert legacy codes into a unified code and back, route a code for a wallet, and draw
 * a QR symbol as SVG. Every method is thread-safe. The native library {@code libpaycode_ffi} is
 * found as JNA finds libraries ({@code jna.library.path}, {@code java.library.path}, the system),
 * or at the path in the system property {@code paycode.library}.
 *
 * <p>Refusals throw {@link PaycodeException}, carrying the rule broken and the message; a decoded
 * input that does not read is no refusal: its report says so ({@code "ok":false}).
 */
public final class Paycode {
    private Paycode() {}

    /** The inputs of one native batch: bounds the buffers of a long list. */
    private static final int BATCH = 4096;

    static final Native LIB = load();

    private static Native load() {
        String path = System.getProperty("paycode.library");
        return com.sun.jna.Native.load(path != null ? path : "paycode_ffi", Native.class);
    }

    /** One native call into the caller's buffer {@code out} of {@code outLen} bytes. */
    @FunctionalInterface
    interface Call {
        int call(byte[] out, Native.SizeT outLen, Pointer written);
    }

    /** What a call wrote, and its status: OK or UNREADABLE (others are thrown). */
    static final class Result {
        final int status;
        final String text;

        Result(int status, String text) {
            this.status = status;
            this.text = text;
        }

        /** The text when the call succeeded; the refusal thrown otherwise. */
        String orThrow() {
            if (status != Native.PAYCODE_OK) throw PaycodeException.refused(text);
            return text;
        }
    }

    /**
     * Runs {@code call} with a buffer of {@code guess} bytes and, when the library says it is too
     * small, again with the size it asks for.
     */
    static Result call(int guess, Call call) {
        Native.Written written = new Native.Written();
        int cap = Math.max(guess, 0);
        while (true) {
            byte[] out = cap == 0 ? null : new byte[cap];
            int status = call.call(out, new Native.SizeT(cap), written.cell);
            long n = written.get();
            switch (status) {
                case Native.PAYCODE_OK:
                case Native.PAYCODE_UNREADABLE:
                    String text = out == null ? "" : new String(out, 0, (int) n, StandardCharsets.UTF_8);
                    return new Result(status, text);
                case Native.PAYCODE_BUFFER_TOO_SMALL:
                    if (n <= cap || n > Integer.MAX_VALUE - 16) {
                        throw new PaycodeException(status, null, "paycode: a result of " + n + " bytes", "");
                    }
                    cap = (int) n;
                    break;
                case Native.PAYCODE_INVALID_ARGUMENT:
                    throw new PaycodeException(status, null, "paycode: invalid argument", "");
                default:
                    throw new PaycodeException(status, null, "paycode: internal error (a bug), status " + status, "");
            }
        }
    }

    /** The UTF-8 bytes of text, or null for none (a NULL pointer with a length of 0). */
    static byte[] utf8(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length == 0 ? null : b;
    }

    static Native.SizeT len(byte[] b) {
        return new Native.SizeT(b == null ? 0 : b.length);
    }

    /** The version of the native library, such as {@code "0.1.0"}. */
    public static String version() {
        return LIB.paycode_version();
    }

    /**
     * Decodes anything scanned into the JSON object {@code paycode decode --json} prints for it:
     * form, whether it reads ({@code "ok"}), fields, issuers, violations, and the error when it
     * does not read. Credentials (numeric codes, PANs) are masked.
     */
    public static String decode(String scanned) {
        return decode(scanned, false);
    }

    /** As {@link #decode(String)}; credentials shown in full when {@code reveal}. */
    public static String decode(String scanned, boolean reveal) {
        return decode(scanned.getBytes(StandardCharsets.UTF_8), reveal);
    }

    /**
     * Decodes the bytes a scanner read, which need not be UTF-8 (bytes that are not are reported
     * as unreadable, {@code MPM-UTF-1}).
     */
    public static String decode(byte[] scanned, boolean reveal) {
        return decodeIn(null, scanned, reveal);
    }

    /** decode through a registry handle; null is the built-in tables. */
    static String decodeIn(Pointer registry, byte[] scanned, boolean reveal) {
        byte[] in = scanned.length == 0 ? null : scanned;
        int r = reveal ? 1 : 0;
        if (registry == null) {
            return call(1024, (out, n, w) -> LIB.paycode_decode(in, len(in), r, out, n, w)).text;
        }
        return call(1024, (out, n, w) -> LIB.paycode_registry_decode(registry, in, len(in), r, out, n, w)).text;
    }

    /** Decodes every input, in one native call per few thousand: exactly {@code decode} of each. */
    public static List<String> decodeMany(List<String> scanned) {
        return decodeMany(scanned, false);
    }

    /** As {@link #decodeMany(List)}; credentials shown in full when {@code reveal}. */
    public static List<String> decodeMany(List<String> scanned, boolean reveal) {
        return decodeManyIn(null, scanned, reveal);
    }

    /** decodeMany through a registry handle; null is the built-in tables. */
    static List<String> decodeManyIn(Pointer registry, List<String> scanned, boolean reveal) {
        String[] reports = new String[scanned.size()];
        int r = reveal ? 1 : 0;
        for (int from = 0; from < reports.length; from += BATCH) {
            int to = Math.min(from + BATCH, reports.length);
            // A line break inside an input would cut it in two: such an input is decoded alone.
            List<Integer> batched = new ArrayList<>();
            StringBuilder lines = new StringBuilder();
            for (int i = from; i < to; i++) {
                String s = scanned.get(i);
                if (s.indexOf('\n') >= 0 || s.endsWith("\r")) {
                    reports[i] = decodeIn(registry, s.getBytes(StandardCharsets.UTF_8), reveal);
                } else {
                    batched.add(i);
                    lines.append(s).append('\n');
                }
            }
            byte[] in = utf8(lines.toString());
            Call many = registry == null
                    ? (o, n, w) -> LIB.paycode_decode_many(in, len(in), r, o, n, w)
                    : (o, n, w) -> LIB.paycode_registry_decode_many(registry, in, len(in), r, o, n, w);
            String out = call(1024 * batched.size(), many).orThrow();
            // A report is JSON on one line: JSON escapes every line break in it.
            String[] got = out.isEmpty() ? new String[0] : out.split("\n", -1);
            if (got.length != batched.size() + 1 || !got[batched.size()].isEmpty()) {
                throw new PaycodeException(Native.PAYCODE_INTERNAL_ERROR, null,
                        "paycode: " + (got.length - 1) + " reports for " + batched.size() + " inputs", "");
            }
            for (int k = 0; k < batched.size(); k++) reports[batched.get(k)] = got[k];
        }
        return Arrays.asList(reports);
    }

    /**
     * One unified code carrying the legacy codes, for a merchant described by a JSON object (the
     * {@code merchant} object of the {@code to-unified} vectors of {@code spec/vectors}: {@code
     * name}, {@code city}, {@code mcc}, {@code currency}, {@code amount} or {@code amount_minor},
     * {@code reference}, {@code terminal}, {@code alternate}; every key optional).
     *
     * @throws PaycodeException when a code does not read, the codes cannot be carried together,
     *     or the merchant is refused
     * @throws IllegalArgumentException when a code is empty or holds a line break
     */
    public static String toUnified(List<String> codes, String merchantJson) {
        for (String c : codes) {
            if (c.isEmpty() || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("paycode: a legacy code is one non-empty line");
            }
        }
        byte[] in = utf8(String.join("\n", codes));
        byte[] m = utf8(merchantJson == null ? "" : merchantJson);
        return call(512, (o, n, w) -> LIB.paycode_to_unified_json(in, len(in), m, len(m), o, n, w)).orThrow();
    }

    /** As {@link #toUnified(List, String)}, for the default merchant ({@code MERCHANT}, {@code CHINA}). */
    public static String toUnified(List<String> codes) {
        return toUnified(codes, null);
    }

    /**
     * The legacy codes a unified payload carries, in template order, as they were written.
     *
     * @throws PaycodeException when the payload does not read or carries no legacy code
     */
    public static List<String> fromUnified(String payload) {
        byte[] in = utf8(payload);
        String out = call(512, (o, n, w) -> LIB.paycode_from_unified(in, len(in), o, n, w)).orThrow();
        return Arrays.asList(out.split("\n", -1));
    }

    /**
     * How the wallet (a registry ID such as {@code "unionpay"}) pays the merchant code, as JSON:
     * {@code {"code", "confidence", "decision", "issuer", "since", "source", "verdict"}}
     * (bindings/c/README.md).
     *
     * @throws PaycodeException when the wallet is no registry ID or the code cannot be routed
     */
    public static String route(String wallet, String code) {
        byte[] wa = utf8(wallet);
        byte[] c = utf8(code);
        return call(1024, (o, n, w) -> LIB.paycode_route(wa, len(wa), c, len(c), o, n, w)).orThrow();
    }

    /**
     * The QR symbol of a code as SVG text (quiet zone of 4 modules), as {@code paycode qr --format
     * svg} draws it: ECC level {@code 'L'}, {@code 'M'}, {@code 'Q'} or {@code 'H'}, {@code
     * modulePx} pixels per module.
     *
     * @throws PaycodeException when the code does not fit a symbol ({@code QR-LEN-1})
     * @throws IllegalArgumentException for another ECC level or a negative size
     */
    public static String qrSvg(String code, char ecc, int modulePx) {
        if ("LMQHlmqh".indexOf(ecc) < 0) throw new IllegalArgumentException("paycode: ECC level " + ecc);
        if (modulePx < 0) throw new IllegalArgumentException("paycode: module size " + modulePx);
        byte[] c = utf8(code);
        byte level = (byte) ecc;
        return call(16384, (o, n, w) -> LIB.paycode_qr_svg(c, len(c), level, modulePx, o, n, w)).orThrow();
    }
}
