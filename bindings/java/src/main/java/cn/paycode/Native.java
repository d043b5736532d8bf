package cn.paycode;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** The C ABI of bindings/c/include/paycode.h, as JNA maps it; one function per export. */
interface Native extends Library {
    int PAYCODE_OK = 0;
    int PAYCODE_BUFFER_TOO_SMALL = -1;
    int PAYCODE_INVALID_ARGUMENT = -2;
    int PAYCODE_UNREADABLE = -3;
    int PAYCODE_INTERNAL_ERROR = -4;

    /** C's size_t: as wide as the platform makes it. */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() {
            this(0);
        }

        public SizeT(long value) {
            super(com.sun.jna.Native.SIZE_T_SIZE, value, true);
        }
    }

    /** A size_t the library writes: the length written or needed. */
    final class Written {
        final Memory cell = new Memory(com.sun.jna.Native.SIZE_T_SIZE);

        long get() {
            return com.sun.jna.Native.SIZE_T_SIZE == 8 ? cell.getLong(0) : cell.getInt(0) & 0xffffffffL;
        }
    }

    int paycode_decode(byte[] input, SizeT inputLen, int reveal, byte[] out, SizeT outLen, Pointer written);

    int paycode_decode_many(byte[] inputs, SizeT inputsLen, int reveal, byte[] out, SizeT outLen,
            Pointer written);

    int paycode_to_unified_json(byte[] codes, SizeT codesLen, byte[] merchant, SizeT merchantLen,
            byte[] out, SizeT outLen, Pointer written);

    int paycode_from_unified(byte[] payload, SizeT payloadLen, byte[] out, SizeT outLen, Pointer written);

    int paycode_route(byte[] wallet, SizeT walletLen, byte[] code, SizeT codeLen, byte[] out, SizeT outLen,
            Pointer written);

    int paycode_qr_svg(byte[] code, SizeT codeLen, byte ecc, int modulePx, byte[] out, SizeT outLen,
            Pointer written);

    int paycode_registry_load(byte[] json, SizeT jsonLen, com.sun.jna.ptr.PointerByReference registry,
            byte[] out, SizeT outLen, Pointer written);

    void paycode_registry_free(Pointer registry);

    int paycode_registry_decode(Pointer registry, byte[] input, SizeT inputLen, int reveal, byte[] out,
            SizeT outLen, Pointer written);

    int paycode_registry_decode_many(Pointer registry, byte[] inputs, SizeT inputsLen, int reveal,
            byte[] out, SizeT outLen, Pointer written);

    String paycode_version();
}
