package cn.paycode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/** The Java API's own behaviour: refusals, masking, batches, sizes, threads. */
public class PaycodeTest {
    static final String WXP = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    static final String ALI = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";
    static final String NUMERIC = "134556781234567890";

    @Test
    public void decodeWritesTheReport() {
        String r = Paycode.decode(WXP);
        assertTrue(r, r.startsWith("{") && r.endsWith("}"));
        assertTrue(r, r.contains("\"issuers\":[\"wechat-pay\"]") && r.contains("\"ok\":true"));
        // Not a code is no exception: the report says so.
        assertTrue(Paycode.decode("hello").contains("\"ok\":false"));
        assertTrue(Paycode.decode(new byte[] {(byte) 0xff}, false).contains("MPM-UTF-1"));
        assertTrue(Paycode.decode("").contains("\"ok\":false"));
    }

    @Test
    public void credentialsAreMaskedUnlessRevealed() {
        String masked = Paycode.decode(NUMERIC);
        assertTrue(masked, masked.contains("1345**********7890"));
        assertFalse(masked, masked.contains(NUMERIC));
        assertTrue(Paycode.decode(NUMERIC, true).contains(NUMERIC));
        String batch = String.join("", Paycode.decodeMany(Arrays.asList(NUMERIC, WXP)));
        assertFalse(batch, batch.contains(NUMERIC));
    }

    @Test
    public void decodeManyIsDecodeOfEach() {
        // Line breaks inside an input, a CR at its end, empty inputs: each as decode gives it.
        List<String> inputs = Arrays.asList(WXP, "", NUMERIC, WXP + "\n" + ALI, "hello\r", "\r\n", ALI, "\u0000");
        List<String> got = Paycode.decodeMany(inputs);
        assertEquals(inputs.size(), got.size());
        for (int i = 0; i < inputs.size(); i++) assertEquals(inputs.get(i), Paycode.decode(inputs.get(i)), got.get(i));
        assertEquals(Collections.emptyList(), Paycode.decodeMany(Collections.emptyList()));
        // More than one native batch.
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10000; i++) many.add(i % 3 == 0 ? WXP : i % 3 == 1 ? ALI : "x" + i);
        List<String> reports = Paycode.decodeMany(many);
        assertEquals(10000, reports.size());
        assertEquals(Paycode.decode("x9998"), reports.get(9998));
        assertEquals(Paycode.decode(ALI), reports.get(9997));
    }

    @Test
    public void unifiedRoundTrip() {
        String merchant = "{\"name\": \"NOODLE HOUSE\", \"city\": \"BEIJING\", \"amount_minor\": 1234}";
        String unified = Paycode.toUnified(Arrays.asList(WXP, ALI), merchant);
        assertTrue(unified, unified.startsWith("000201") && unified.contains("NOODLE HOUSE") && unified.contains("540512.34"));
        assertEquals(Arrays.asList(WXP, ALI), Paycode.fromUnified(unified));
        assertTrue(Paycode.toUnified(Arrays.asList(WXP)).contains("MERCHANT"));
    }

    @Test
    public void refusalsCarryRuleAndMessage() {
        try {
            Paycode.toUnified(Arrays.asList("https://qr.alipay.com/stx05107r5oaa4fyofbkh24", ALI));
            fail("two Alipay codes");
        } catch (PaycodeException e) {
            assertEquals("UNI-ISS-1", e.rule());
            assertEquals(-3, e.status());
            assertTrue(e.getMessage(), !e.getMessage().isEmpty() && !e.getMessage().startsWith("{"));
            assertTrue(e.json(), e.json().contains("\"rule\":\"UNI-ISS-1\""));
        }
        try {
            Paycode.toUnified(Arrays.asList(WXP), "{\"nmae\": \"X\"}");
            fail("an unknown merchant key");
        } catch (PaycodeException e) {
            assertNull(e.rule());
            assertTrue(e.getMessage(), e.getMessage().contains("nmae"));
        }
        try {
            Paycode.route("nobody", WXP);
            fail("no such wallet");
        } catch (PaycodeException e) {
            assertEquals("REG-ID-1", e.rule());
        }
        try {
            Paycode.fromUnified("hello");
            fail("no payload");
        } catch (PaycodeException e) {
            assertTrue(e.rule(), e.rule().startsWith("MPM-"));
        }
        try {
            Paycode.toUnified(Arrays.asList(WXP + "\n" + ALI));
            fail("a code with a line break");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("line"));
        }
    }

    @Test
    public void routeAndQr() {
        String r = Paycode.route("unionpay", WXP);
        assertTrue(r, r.contains("\"decision\":\"gateway\"") && r.contains("\"verdict\":\"pays\""));
        String svg = Paycode.qrSvg(WXP, 'M', 8);
        assertTrue(svg.startsWith("<svg") && svg.contains("viewBox=\"0 0 37 37\"") && svg.contains("width=\"296\""));
        try {
            Paycode.qrSvg(WXP, 'X', 8);
            fail("ECC X");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("X"));
        }
        StringBuilder nines = new StringBuilder();
        for (int i = 0; i < 8000; i++) nines.append('9');
        try {
            Paycode.qrSvg(nines.toString(), 'L', 1);
            fail("too long for a symbol");
        } catch (PaycodeException e) {
            assertEquals("QR-LEN-1", e.rule());
        }
    }

    @Test
    public void threadsGetWhatOneGets() throws Exception {
        String one = Paycode.decode(ALI);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) if (!Paycode.decode(ALI).equals(one)) return false;
                    return true;
                }));
            }
            for (Future<Boolean> f : done) assertTrue(f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    public void theErrorReaderReadsFlatObjects() {
        String e = "{\"rule\":\"MPM-LEN-1\",\"offset\":96,\"location\":\"code\",\"message\":\"59 \\\"x\\\" \\u9762\\n\"}";
        assertEquals("MPM-LEN-1", Json.field(e, "rule"));
        assertEquals("59 \"x\" \u9762\n", Json.field(e, "message"));
        assertNull(Json.field(e, "offset"));
        assertNull(Json.field("{\"rule\":null,\"message\":\"m\"}", "rule"));
        assertEquals("m", Json.field("{\"a\":{\"rule\":\"no\"},\"rule\":\"yes\",\"message\":\"m\"}", "message"));
        assertEquals("yes", Json.field("{\"a\":{\"rule\":\"no\"},\"rule\":\"yes\"}", "rule"));
        assertNull(Json.field("not json", "rule"));
        assertNull(Json.field("{\"rule\":\"unterminated", "rule"));
    }

    @Test
    public void versionIsTheLibrarys() {
        assertTrue(Paycode.version(), Paycode.version().matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"));
    }
}
