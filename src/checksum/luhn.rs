//! The Luhn (mod 10) check digit of ISO/IEC 7812 card numbers.

/// Returns whether `digits` is a non-empty string of ASCII digits whose last digit is the Luhn
/// check digit of the others (ISO/IEC 7812-1 Annex B).
///
/// Card numbers (PANs) and payment tokens carry a Luhn digit; Chinese wallets' numeric payment
/// codes do not, even when they start with a card IIN such as `62` (`spec/numeric.md`).
///
/// # Examples
///
/// ```
/// use paycode::checksum::luhn_valid;
/// assert!(luhn_valid(b"4111111111111111"));
/// assert!(!luhn_valid(b"4111111111111112"));
/// assert!(!luhn_valid(b"41111111111111a1")); // not digits
/// ```
#[must_use]
pub fn luhn_valid(digits: &[u8]) -> bool {
    match digits.split_last() {
        Some((&last, body)) if last.is_ascii_digit() => {
            luhn_check_digit(body) == Some(last.wrapping_sub(b'0'))
        }
        _ => false,
    }
}

/// Computes the Luhn check digit (0–9) to append to `digits`, or `None` if `digits` holds
/// anything but ASCII digits.
///
/// # Examples
///
/// ```
/// use paycode::checksum::luhn_check_digit;
/// assert_eq!(luhn_check_digit(b"411111111111111"), Some(1));
/// assert_eq!(luhn_check_digit(b"7992739871"), Some(3));
/// assert_eq!(luhn_check_digit(b"12x"), None);
/// ```
#[must_use]
pub fn luhn_check_digit(digits: &[u8]) -> Option<u8> {
    // Walking from the right, the digit next to the (future) check digit is doubled, then
    // every second one; a doubled digit above 9 contributes its digit sum, i.e. d*2 - 9.
    let mut sum: u32 = 0;
    for (i, &c) in digits.iter().rev().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        let d = u32::from(c.wrapping_sub(b'0'));
        let v = if i % 2 == 0 {
            let dd = d.wrapping_mul(2);
            if dd > 9 { dd.wrapping_sub(9) } else { dd }
        } else {
            d
        };
        // At most 9 per digit: a slice longer than u32::MAX / 9 cannot exist in memory anyway,
        // but wrapping keeps the function total.
        sum = sum.wrapping_add(v);
    }
    // (10 - sum mod 10) mod 10, written so that no step can underflow.
    u8::try_from((10u32.wrapping_sub(sum % 10)) % 10).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn known_numbers() {
        for pan in [
            "79927398713",
            "4111111111111111",
            "5500005555555559",
            "6292610358444335641",
        ] {
            assert!(luhn_valid(pan.as_bytes()), "{pan}");
        }
        // Chinese numeric payment codes are not Luhn numbers (china-codes.md §1.3).
        assert!(!luhn_valid(b"6236171220051893816"));
        assert!(!luhn_valid(b"120061098828009406"));
    }

    #[test]
    fn every_single_digit_substitution_fails() {
        let pan = b"6292610358444335641";
        for i in 0..pan.len() {
            for d in b'0'..=b'9' {
                if d == pan[i] {
                    continue;
                }
                let mut m = *pan;
                m[i] = d;
                assert!(!luhn_valid(&m), "substitution at {i} by {}", d as char);
            }
        }
    }

    #[test]
    fn degenerate_inputs() {
        assert!(!luhn_valid(b""));
        assert!(luhn_valid(b"0"));
        assert_eq!(luhn_check_digit(b""), Some(0));
    }
}
