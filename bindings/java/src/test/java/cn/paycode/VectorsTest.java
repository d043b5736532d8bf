package cn.paycode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every shared conformance vector of spec/vectors that the C ABI takes, through Java, against
 * what the Rust library answers for it in the same run: the file the system property
 * {@code paycode.expected} names, written by {@code cargo run -p paycode-ffi --example expected}
 * (its format is described there).
 */
public class VectorsTest {
    /** One case of the expected file. */
    static final class Case {
        final String op;
        final boolean ok;
        final String a;
        final String b;
        final String expected;
        final String at;

        Case(String[] cols) {
            Base64.Decoder d = Base64.getDecoder();
            op = cols[0];
            ok = cols[1].equals("ok");
            a = new String(d.decode(cols[2]), StandardCharsets.UTF_8);
            b = new String(d.decode(cols[3]), StandardCharsets.UTF_8);
            expected = new String(d.decode(cols[4]), StandardCharsets.UTF_8);
            at = cols[5] + " (" + op + ")";
        }
    }

    static List<Case> cases = new ArrayList<>();

    @BeforeClass
    public static void read() throws IOException {
        if (!cases.isEmpty()) return;
        String path = System.getProperty("paycode.expected");
        if (path == null) {
            throw new IllegalStateException("set -Dpaycode.expected=FILE: cargo run -p paycode-ffi --example expected -- FILE");
        }
        for (String line : Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) cases.add(new Case(line.split("\t", -1)));
        }
    }

    static List<Case> of(String op) {
        List<Case> out = new ArrayList<>();
        for (Case c : cases) if (c.op.equals(op)) out.add(c);
        return out;
    }

    /** A refusal agrees with the library's: the same error object, its rule and message read. */
    static void refusedAsExpected(Case c, PaycodeException e) {
        assertEquals(c.at, c.expected, e.json());
        assertEquals(c.at, Json.field(c.expected, "rule"), e.rule());
        assertEquals(c.at, Json.field(c.expected, "message"), e.getMessage());
    }

    @Test
    public void everyInputDecodesAsTheLibraryReportsIt() {
        int n = 0;
        for (String op : new String[] {"decode", "decode-reveal"}) {
            for (Case c : of(op)) {
                String got = Paycode.decode(c.a, op.equals("decode-reveal"));
                assertEquals(c.at, c.expected, got);
                assertEquals(c.at, c.ok, got.contains("\"ok\":true"));
                n++;
            }
        }
        assertTrue(n + " decode cases", n > 1000);
    }

    @Test
    public void everyInputInOneBatchDecodesAsTheLibraryReportsIt() {
        for (String op : new String[] {"decode", "decode-reveal"}) {
            List<String> inputs = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (Case c : of(op)) {
                inputs.add(c.a);
                expected.add(c.expected);
            }
            assertEquals(op, expected, Paycode.decodeMany(inputs, op.equals("decode-reveal")));
        }
    }

    @Test
    public void everyToUnifiedVector() {
        int n = 0;
        for (Case c : of("to-unified")) {
            List<String> codes = Arrays.asList(c.a.split("\n", -1));
            try {
                String payload = Paycode.toUnified(codes, c.b);
                assertTrue(c.at + ": the library refuses it", c.ok);
                assertEquals(c.at, c.expected, payload);
            } catch (PaycodeException e) {
                assertTrue(c.at + ": the library reads it: " + e.json(), !c.ok);
                refusedAsExpected(c, e);
            }
            n++;
        }
        assertEquals("every to-unified vector", 33, n);
    }

    @Test
    public void everyFromUnifiedVector() {
        int n = 0;
        for (Case c : of("from-unified")) {
            try {
                List<String> codes = Paycode.fromUnified(c.a);
                assertTrue(c.at + ": the library refuses it", c.ok);
                assertEquals(c.at, Arrays.asList(c.expected.split("\n", -1)), codes);
            } catch (PaycodeException e) {
                assertTrue(c.at + ": the library reads it: " + e.json(), !c.ok);
                refusedAsExpected(c, e);
            }
            n++;
        }
        assertTrue(n + " from-unified cases", n >= 16);
    }

    @Test
    public void everyRouteVector() {
        int n = 0;
        for (Case c : of("route")) {
            try {
                String route = Paycode.route(c.a, c.b);
                assertTrue(c.at + ": the library refuses it", c.ok);
                assertEquals(c.at, c.expected, route);
            } catch (PaycodeException e) {
                assertTrue(c.at + ": the library routes it: " + e.json(), !c.ok);
                refusedAsExpected(c, e);
            }
            n++;
        }
        assertTrue(n + " route cases", n >= 45);
    }

    @Test
    public void everyQrVector() {
        int n = 0;
        for (Case c : of("qr")) {
            try {
                String svg = Paycode.qrSvg(c.a, c.b.charAt(0), 1);
                assertTrue(c.at + ": the library refuses it", c.ok);
                String side = c.expected;
                assertTrue(c.at, svg.contains("viewBox=\"0 0 " + side + " " + side + "\""));
                assertTrue(c.at, svg.startsWith("<svg ") && svg.endsWith("</svg>\n"));
            } catch (PaycodeException e) {
                assertTrue(c.at + ": the library draws it: " + e.json(), !c.ok);
                refusedAsExpected(c, e);
            }
            n++;
        }
        assertTrue(n + " qr cases", n >= 13);
    }

    @Test
    public void theFileCoversEveryOperation() {
        Map<String, Integer> count = new HashMap<>();
        for (Case c : cases) count.merge(c.op, 1, Integer::sum);
        for (String op : new String[] {"decode", "decode-reveal", "decode-registry", "to-unified", "from-unified", "route", "qr"}) {
            if (!count.containsKey(op)) fail("no " + op + " case in " + System.getProperty("paycode.expected"));
        }
    }
}
