//! The code lists a payload refers to: ISO 4217 currencies, ISO 3166-1 countries and ISO 18245
//! merchant category codes.
//!
//! The tables are static, sorted slices generated from `spec/data/*.tsv` (each file names its
//! source), searched by binary search; there is no runtime map. Code lists change: a currency or
//! country added by ISO may reach this crate only in a later release, even a patch release.

mod generated;

use generated::{COUNTRIES, CURRENCIES, MCCS};

/// Which numeric codes (0-999) are listed currencies, one bit each, built by the compiler from
/// the table: validation asks for every payload, and a bit test is one load where the binary
/// search is a chain of eight.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // evaluated by the compiler
static CURRENCY_BITS: [u64; 16] = {
    let mut bits = [0u64; 16];
    let mut i = 0;
    while i < CURRENCIES.len() {
        let n = CURRENCIES[i].0 as usize;
        bits[n / 64] |= 1 << (n % 64);
        i += 1;
    }
    bits
};

/// Which two-letter codes `AA`-`ZZ` are listed countries, one bit each (as
/// [`CURRENCY_BITS`]).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // evaluated by the compiler
static COUNTRY_BITS: [u64; 11] = {
    let mut bits = [0u64; 11];
    let mut i = 0;
    while i < COUNTRIES.len() {
        let code = COUNTRIES[i].0.as_bytes();
        let n = (code[0] - b'A') as usize * 26 + (code[1] - b'A') as usize;
        bits[n / 64] |= 1 << (n % 64);
        i += 1;
    }
    bits
};

/// Whether `numeric` is a listed currency: [`currency`]`(numeric).is_some()`, in one load.
pub(crate) fn is_currency(numeric: u16) -> bool {
    let n = usize::from(numeric);
    CURRENCY_BITS
        .get(n / 64)
        .is_some_and(|w| (w >> (n % 64)) & 1 == 1)
}

/// Whether `alpha2` is a listed country: [`country`]`(alpha2).is_some()`, in one load.
pub(crate) fn is_country(alpha2: &str) -> bool {
    let &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = alpha2.as_bytes() else {
        return false;
    };
    // At most 25 * 26 + 25: no overflow.
    let n = usize::from(a.wrapping_sub(b'A'))
        .wrapping_mul(26)
        .wrapping_add(usize::from(b.wrapping_sub(b'A')));
    COUNTRY_BITS
        .get(n / 64)
        .is_some_and(|w| (w >> (n % 64)) & 1 == 1)
}

/// An ISO 4217 currency, as listed in `spec/data/iso4217.tsv`.
///
/// # Examples
///
/// ```
/// let cny = paycode::codes::currency(156).unwrap();
/// assert_eq!(cny.alpha(), "CNY");
/// assert_eq!(cny.minor_units(), Some(2));
/// assert_eq!(paycode::codes::currency(392).unwrap().minor_units(), Some(0)); // JPY
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    numeric: u16,
    alpha: &'static str,
    minor_units: Option<u8>,
    name: &'static str,
}

impl Currency {
    /// Returns the ISO 4217 numeric code, such as 156 for the yuan.
    ///
    /// # Examples
    ///
    /// ```
    /// let cny = paycode::codes::currency(156).unwrap();
    /// assert_eq!(cny.numeric(), 156);
    /// ```
    #[must_use]
    pub const fn numeric(&self) -> u16 {
        self.numeric
    }

    /// Returns the ISO 4217 alphabetic code, such as `"CNY"`.
    ///
    /// # Examples
    ///
    /// ```
    /// let cny = paycode::codes::currency(156).unwrap();
    /// assert_eq!(cny.alpha(), "CNY");
    /// ```
    #[must_use]
    pub const fn alpha(&self) -> &'static str {
        self.alpha
    }

    /// Returns the number of decimal places of the minor unit (2 for CNY, 0 for JPY), or `None`
    /// where ISO 4217 gives none (gold, SDR, test codes).
    ///
    /// # Examples
    ///
    /// ```
    /// let cny = paycode::codes::currency(156).unwrap();
    /// assert_eq!(cny.minor_units(), Some(2));
    /// assert_eq!(paycode::codes::currency(959).unwrap().minor_units(), None); // gold
    /// ```
    #[must_use]
    pub const fn minor_units(&self) -> Option<u8> {
        self.minor_units
    }

    /// Returns the English name of the currency.
    ///
    /// # Examples
    ///
    /// ```
    /// let cny = paycode::codes::currency(156).unwrap();
    /// assert_eq!(cny.name(), "Yuan Renminbi");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// Looks up an ISO 4217 currency by its numeric code.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::codes::currency(986).map(|c| c.alpha()), Some("BRL"));
/// assert!(paycode::codes::currency(1).is_none());
/// ```
#[must_use]
pub fn currency(numeric: u16) -> Option<Currency> {
    let i = CURRENCIES.binary_search_by_key(&numeric, |c| c.0).ok()?;
    let &(numeric, alpha, minor_units, name) = CURRENCIES.get(i)?;
    Some(Currency {
        numeric,
        alpha,
        minor_units,
        name,
    })
}

/// Looks up an ISO 4217 currency by its alphabetic code, such as `"CNY"`, in any case.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::codes::currency_by_alpha("CNY").map(|c| c.numeric()), Some(156));
/// assert_eq!(paycode::codes::currency_by_alpha("jpy").map(|c| c.minor_units()), Some(Some(0)));
/// assert!(paycode::codes::currency_by_alpha("XYZ").is_none());
/// ```
#[must_use]
pub fn currency_by_alpha(alpha: &str) -> Option<Currency> {
    let &(numeric, alpha, minor_units, name) = CURRENCIES
        .iter()
        .find(|c| c.1.eq_ignore_ascii_case(alpha))?;
    Some(Currency {
        numeric,
        alpha,
        minor_units,
        name,
    })
}

/// An ISO 3166-1 country, as listed in `spec/data/iso3166.tsv`.
///
/// # Examples
///
/// ```
/// let cn = paycode::codes::country("CN").unwrap();
/// assert_eq!((cn.alpha2(), cn.numeric()), ("CN", 156));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country {
    alpha2: &'static str,
    numeric: u16,
    name: &'static str,
}

impl Country {
    /// Returns the upper-case alpha-2 code, such as `"CN"`.
    ///
    /// # Examples
    ///
    /// ```
    /// let cn = paycode::codes::country("CN").unwrap();
    /// assert_eq!(cn.alpha2(), "CN");
    /// ```
    #[must_use]
    pub const fn alpha2(&self) -> &'static str {
        self.alpha2
    }

    /// Returns the numeric code, such as 156.
    ///
    /// # Examples
    ///
    /// ```
    /// let cn = paycode::codes::country("CN").unwrap();
    /// assert_eq!(cn.numeric(), 156);
    /// ```
    #[must_use]
    pub const fn numeric(&self) -> u16 {
        self.numeric
    }

    /// Returns the English short name.
    ///
    /// # Examples
    ///
    /// ```
    /// let cn = paycode::codes::country("CN").unwrap();
    /// assert_eq!(cn.name(), "China");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// Looks up an ISO 3166-1 country by its alpha-2 code. The code must be upper-case, as the
/// standard writes it.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::codes::country("CN").map(|c| c.numeric()), Some(156));
/// assert!(paycode::codes::country("cn").is_none());
/// assert!(paycode::codes::country("XX").is_none());
/// ```
#[must_use]
pub fn country(alpha2: &str) -> Option<Country> {
    // Every code is two letters, so it is compared as one big-endian u16 (the same order as
    // the strings'): a string comparison per step costs a memcmp call, ten times as much.
    let key = |s: &str| match *s.as_bytes() {
        [a, b] => Some(u16::from_be_bytes([a, b])),
        _ => None,
    };
    let want = key(alpha2)?;
    let i = COUNTRIES
        .binary_search_by_key(&Some(want), |c| key(c.0))
        .ok()?;
    let &(alpha2, numeric, name) = COUNTRIES.get(i)?;
    Some(Country {
        alpha2,
        numeric,
        name,
    })
}

/// Returns the ISO 18245 description of a merchant category code, or `None` for a code the
/// list does not name (such as `0000`, which several national schemes use; that is not an
/// error).
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::codes::mcc_description(5812), Some("Eating places and restaurants"));
/// assert_eq!(paycode::codes::mcc_description(0), None);
/// ```
#[must_use]
pub fn mcc_description(mcc: u16) -> Option<&'static str> {
    let i = MCCS.binary_search_by_key(&mcc, |m| m.0).ok()?;
    MCCS.get(i).map(|m| m.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    #[test]
    fn the_bit_sets_agree_with_the_tables() {
        for n in 0..=1000 {
            assert_eq!(is_currency(n), currency(n).is_some(), "{n}");
        }
        for a in 0..=255u8 {
            for b in [b'A', b'R', b'Z', b'a', a] {
                let s = String::from_utf8_lossy(&[a, b]).into_owned();
                assert_eq!(is_country(&s), country(&s).is_some(), "{s:?}");
            }
        }
        for c in COUNTRIES {
            assert!(is_country(c.0), "{}", c.0);
        }
    }
}
