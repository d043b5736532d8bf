package cn.paycode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Run-time registries through Java: the test document attributes every vector input as the
 * Rust library's {@code Report::registry} does (the {@code decode-registry} cases of the
 * expected file), the registry's own file as the built-in tables; refusals, close, threads.
 */
public class RegistryTest {
    static String testDoc;
    static String builtInDoc;

    @BeforeClass
    public static void read() throws IOException {
        String root = System.getProperty("paycode.root");
        if (root == null) throw new IllegalStateException("set -Dpaycode.root=the repository");
        Path r = Paths.get(root);
        testDoc = Files.readString(r.resolve("bindings/c/tests/registry-doc.json"), StandardCharsets.UTF_8);
        builtInDoc = Files.readString(r.resolve("spec/registry.json"), StandardCharsets.UTF_8);
        VectorsTest.read();
    }

    @Test
    public void everyInputIsAttributedAsTheLibraryAttributesIt() {
        List<VectorsTest.Case> cases = VectorsTest.of("decode-registry");
        assertTrue(cases.size() + " cases", cases.size() > 500);
        List<String> inputs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int moved = 0;
        try (Registry registry = Registry.load(testDoc)) {
            for (VectorsTest.Case c : cases) {
                String got = registry.decode(c.a);
                assertEquals(c.at, c.expected, got);
                if (!got.equals(Paycode.decode(c.a))) moved++;
                inputs.add(c.a);
                expected.add(c.expected);
            }
            assertEquals(expected, registry.decodeMany(inputs));
            assertTrue(registry.decode("134556781234567890").contains("\"issuers\":[\"campus-card\"]"));
        }
        assertTrue("the document moves some codes", moved > 0);
    }

    @Test
    public void theRegistrysOwnFileAttributesAsTheBuiltInTables() {
        try (Registry registry = Registry.load(builtInDoc)) {
            for (VectorsTest.Case c : VectorsTest.of("decode")) assertEquals(c.at, c.expected, registry.decode(c.a));
        }
    }

    @Test
    public void brokenDocumentsAreRefusedWithWhy() {
        for (String doc : Arrays.asList("", "{", "[1, 2]", "{\"version\": \"1\"}",
                "{\"issuers\": [{\"id\": \"Bad\", \"name\": \"A\"}]}",
                "{\"issuers\": [{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", \"name\": \"B\"}]}")) {
            try {
                Registry.load(doc).close();
                fail(doc + " loaded");
            } catch (PaycodeException e) {
                assertNull(doc, e.rule());
                assertEquals(doc, -3, e.status());
                assertTrue(doc, e.getMessage() != null && !e.getMessage().isEmpty());
                assertTrue(doc, e.json().contains("\"location\":\"registry\""));
            }
        }
    }

    @Test
    public void aClosedRegistryRefusesCalls() {
        Registry r = Registry.load(testDoc);
        r.close();
        r.close();
        try {
            r.decode("134556781234567890");
            fail("decoded through a closed registry");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("closed"));
        }
    }

    @Test
    public void threadsShareOneRegistry() throws Exception {
        try (Registry registry = Registry.load(testDoc)) {
            String one = registry.decode("134556781234567890");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            if (!registry.decode("134556781234567890").equals(one)) return false;
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : done) assertTrue(f.get());
            } finally {
                pool.shutdown();
            }
        }
    }
}
