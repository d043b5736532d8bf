//! CRC-16/CCITT-FALSE, the checksum of EMVCo merchant-presented payloads (object 63).

use crc::{CRC_16_IBM_3740, Crc, Table};

/// ISO/IEC 13239 CRC with polynomial 0x1021, initial value 0xFFFF, no reflection and no final
/// XOR: the catalogue calls it CRC-16/IBM-3740, EMVCo implementations CRC-16/CCITT-FALSE.
/// Slice-by-16 tables make it about ten times faster than a byte-wise table on a 150-byte
/// payload, and the CRC is most of the cost of a strict parse.
static CRC16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

// The step below is the unreflected one, with nothing to XOR at the end.
const _: () =
    assert!(!CRC_16_IBM_3740.refin && !CRC_16_IBM_3740.refout && CRC_16_IBM_3740.xorout == 0);

/// A CRC-16/CCITT-FALSE in progress, over the `crc` crate's slice-by-16 tables.
///
/// The crate computes the tables from the catalogue's parameters; the step that combines them
/// is written here so that it inlines: the parser feeds 16 bytes per object of its walk, and a
/// call into the crate there made the processor save and restore the walk's registers around
/// every step, where the inlined step interleaves with the walk. [`crc16`] uses the same step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Crc16(u16);

impl Crc16 {
    /// The CRC of nothing yet.
    pub(crate) const fn new() -> Self {
        Crc16(CRC_16_IBM_3740.init)
    }

    /// Adds 16 bytes.
    #[inline(always)]
    pub(crate) fn block(&mut self, b: &[u8; 16]) {
        let [
            t0,
            t1,
            t2,
            t3,
            t4,
            t5,
            t6,
            t7,
            t8,
            t9,
            t10,
            t11,
            t12,
            t13,
            t14,
            t15,
        ] = CRC16.table();
        // A table has an entry per byte value: the lookup cannot miss.
        let at = |t: &[u16; 256], i: u8| t.get(usize::from(i)).copied().unwrap_or(0);
        let [hi, lo] = self.0.to_be_bytes();
        let [
            b0,
            b1,
            b2,
            b3,
            b4,
            b5,
            b6,
            b7,
            b8,
            b9,
            b10,
            b11,
            b12,
            b13,
            b14,
            b15,
        ] = *b;
        self.0 = at(t0, b15)
            ^ at(t1, b14)
            ^ at(t2, b13)
            ^ at(t3, b12)
            ^ at(t4, b11)
            ^ at(t5, b10)
            ^ at(t6, b9)
            ^ at(t7, b8)
            ^ at(t8, b7)
            ^ at(t9, b6)
            ^ at(t10, b5)
            ^ at(t11, b4)
            ^ at(t12, b3)
            ^ at(t13, b2)
            ^ at(t14, b1 ^ lo)
            ^ at(t15, b0 ^ hi);
    }

    /// Adds any number of bytes: 16 at a time, then one at a time.
    #[inline]
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let mut blocks = bytes.chunks_exact(16);
        for b in blocks.by_ref() {
            if let Ok(b) = <&[u8; 16]>::try_from(b) {
                self.block(b);
            }
        }
        let [t0, ..] = CRC16.table();
        for &c in blocks.remainder() {
            let [hi, _] = self.0.to_be_bytes();
            let entry = t0.get(usize::from(hi ^ c)).copied().unwrap_or(0);
            self.0 = entry ^ (self.0 << 8);
        }
    }

    /// The CRC of what was added.
    pub(crate) const fn finish(self) -> u16 {
        self.0
    }
}

/// Computes CRC-16/CCITT-FALSE (EMVCo MPM §4.7.3, rule `MPM-CRC-2`) over `bytes`.
///
/// For a merchant-presented payload, `bytes` is the UTF-8 payload from its first byte up to and
/// including the `6304` that introduces the CRC value.
///
/// # Examples
///
/// ```
/// use paycode::checksum::crc16;
/// assert_eq!(crc16(b"123456789"), 0x29B1); // the catalogue's check value
/// ```
#[must_use]
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = Crc16::new();
    crc.update(bytes);
    crc.finish()
}

/// Computes [`crc16`] over `bytes` and returns it as four upper-case hex digits, zero-padded,
/// as object 63 carries it.
///
/// # Examples
///
/// ```
/// use paycode::checksum::crc16_hex;
/// assert_eq!(&crc16_hex(b"123456789"), b"29B1");
/// ```
#[must_use]
pub fn crc16_hex(bytes: &[u8]) -> [u8; 4] {
    hex4(crc16(bytes))
}

/// Writes a `u16` as four upper-case hex digits.
pub(crate) const fn hex4(v: u16) -> [u8; 4] {
    const fn digit(n: u8) -> u8 {
        let n = n & 0xF;
        if n < 10 {
            n.wrapping_add(b'0')
        } else {
            n.wrapping_add(b'A' - 10)
        }
    }
    let [hi, lo] = v.to_be_bytes();
    [digit(hi >> 4), digit(hi), digit(lo >> 4), digit(lo)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn catalogue_check_value() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
        assert_eq!(crc16(b""), 0xFFFF);
    }

    #[test]
    fn matches_bitwise_reference() {
        // Poly 0x1021, init 0xFFFF, MSB first: the definition, computed one bit at a time.
        fn reference(bytes: &[u8]) -> u16 {
            let mut crc: u16 = 0xFFFF;
            for &b in bytes {
                crc ^= u16::from(b) << 8;
                for _ in 0..8 {
                    crc = if crc & 0x8000 != 0 {
                        (crc << 1) ^ 0x1021
                    } else {
                        crc << 1
                    };
                }
            }
            crc
        }
        let data: Vec<u8> = (0u16..600)
            .map(|i| (i.wrapping_mul(31) % 251) as u8)
            .collect();
        for n in [0, 1, 15, 16, 17, 150, 599] {
            assert_eq!(crc16(&data[..n]), reference(&data[..n]), "length {n}");
            // The crate's own loop over the same tables.
            assert_eq!(crc16(&data[..n]), CRC16.checksum(&data[..n]), "length {n}");
        }
        // Fed in pieces of every size, as the parser feeds it.
        for piece in 1..40 {
            let mut crc = Crc16::new();
            for p in data.chunks(piece) {
                match <&[u8; 16]>::try_from(p) {
                    Ok(b) => crc.block(b),
                    Err(_) => crc.update(p),
                }
            }
            assert_eq!(crc.finish(), reference(&data), "pieces of {piece}");
        }
    }

    #[test]
    fn hex_is_padded_and_upper_case() {
        assert_eq!(&hex4(0x00D7), b"00D7");
        assert_eq!(&hex4(0xA13A), b"A13A");
        assert_eq!(&hex4(0), b"0000");
    }
}
