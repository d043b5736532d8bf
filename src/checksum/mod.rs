//! Checksums of the standard: CRC-16 for merchant-presented payloads and Luhn for card numbers.
//!
//! Both are pure functions over bytes, without allocation, usable in `const` contexts where
//! the algorithm allows.

mod crc16;
mod luhn;

pub(crate) use crc16::{Crc16, hex4};
pub use crc16::{crc16, crc16_hex};
pub use luhn::{luhn_check_digit, luhn_valid};
