package cn.paycode;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A run-time registry: the issuers of a document of {@code spec/registry.json}'s shape, which
 * attribute codes in place of the built-in tables' ({@code spec/registry.md}, Run-time
 * registries), so that a service follows a registry update without a new release. The
 * registry changes who a code belongs to (its {@code issuers}, candidates and {@code issuer}
 * fields), never what reads.
 *
 * <p>Thread-safe: any number of threads may decode through one registry at once. {@link
 * #close()} waits for the calls under way and frees the native registry; later calls throw
 * {@link IllegalStateException}. A registry never closed is freed when it is collected.
 */
public final class Registry implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The native handle, freed once: by close() or by the cleaner. */
    private static final class Handle implements Runnable {
        private Pointer pointer;

        Handle(Pointer pointer) {
            this.pointer = pointer;
        }

        @Override
        public synchronized void run() {
            if (pointer != null) {
                Paycode.LIB.paycode_registry_free(pointer);
                pointer = null;
            }
        }
    }

    private final Handle handle;
    private final Cleaner.Cleanable cleanable;
    /** Calls hold it shared; close() holds it alone, so no call sees the handle freed. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private Registry(Pointer pointer) {
        handle = new Handle(pointer);
        cleanable = CLEANER.register(this, handle);
    }

    /**
     * Loads a registry document: JSON of {@code spec/registry.json}'s shape (the registry's own
     * file loads as it is). An issuer with a built-in ID replaces that issuer's facts.
     *
     * @throws PaycodeException when the document is refused (not JSON, another shape, an issuer
     *     named twice, a fact no code could match); its message says what and where
     */
    public static Registry load(String json) {
        byte[] doc = Paycode.utf8(json);
        PointerByReference out = new PointerByReference();
        Paycode.Result r = Paycode.call(256,
                (o, n, w) -> Paycode.LIB.paycode_registry_load(doc, Paycode.len(doc), out, o, n, w));
        r.orThrow();
        Pointer p = out.getValue();
        if (p == null) {
            throw new PaycodeException(Native.PAYCODE_INTERNAL_ERROR, null, "paycode: no registry handle (a bug)", "");
        }
        return new Registry(p);
    }

    /** The handle for a call, under the shared lock (released by the caller). */
    private Pointer enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException("paycode: the registry is closed");
        }
        return handle.pointer;
    }

    /** As {@link Paycode#decode(String)}, attributed through this registry. */
    public String decode(String scanned) {
        return decode(scanned, false);
    }

    /** As {@link Paycode#decode(String, boolean)}, attributed through this registry. */
    public String decode(String scanned, boolean reveal) {
        return decode(scanned.getBytes(java.nio.charset.StandardCharsets.UTF_8), reveal);
    }

    /** As {@link Paycode#decode(byte[], boolean)}, attributed through this registry. */
    public String decode(byte[] scanned, boolean reveal) {
        Pointer p = enter();
        try {
            return Paycode.decodeIn(p, scanned, reveal);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** As {@link Paycode#decodeMany(List)}, attributed through this registry. */
    public List<String> decodeMany(List<String> scanned) {
        return decodeMany(scanned, false);
    }

    /** As {@link Paycode#decodeMany(List, boolean)}, attributed through this registry. */
    public List<String> decodeMany(List<String> scanned, boolean reveal) {
        Pointer p = enter();
        try {
            return Paycode.decodeManyIn(p, scanned, reveal);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Frees the native registry, once the calls under way are done. Closing twice is allowed. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
