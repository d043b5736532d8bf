//! [`NumericCodeBuf`], the owned form of a [`NumericCode`] (`alloc`).

use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use super::Error;
use super::NumericCode;

/// A numeric payment code that was read successfully, owning its digits: the owned form of
/// [`NumericCode`] (see [`PayloadBuf`](crate::mpm::PayloadBuf) for the naming).
///
/// It holds digits that read, so [`as_view`](Self::as_view) cannot fail: a view holds only its
/// text, and its issuers come from a registry when asked. The code is a credential: `Debug`
/// is the view's, masked (first and last four digits);
/// `Display` writes it in full, as its wire form.
///
/// # Examples
///
/// ```
/// use paycode::numeric::NumericCodeBuf;
/// let code: NumericCodeBuf = "6236171220051893816".parse()?;
/// assert_eq!(code.as_view().issuers().first().map(|i| i.id()), Some("unionpay"));
/// assert_eq!(format!("{code:?}"), "NumericCode(\"6236***********3816\", [unionpay, jd-pay])");
/// assert_eq!(code.to_string(), "6236171220051893816");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone)]
pub struct NumericCodeBuf {
    code: String,
}

impl NumericCodeBuf {
    /// Returns the borrowed view, which has every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::numeric::NumericCodeBuf = "120061098828009406".parse()?;
    /// assert_eq!(c.as_view().issuers().first().map(|i| i.id()), Some("wechat-pay"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_view(&self) -> NumericCode<'_> {
        NumericCode { code: &self.code }
    }

    /// Returns the code, in full.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::numeric::NumericCodeBuf = "120061098828009406".parse()?;
    /// assert_eq!(c.as_str(), "120061098828009406");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.code
    }
}

impl NumericCode<'_> {
    /// Copies the code into a [`NumericCodeBuf`] that owns its digits (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::numeric::NumericCode::parse("120061098828009406")?.into_owned();
    /// assert_eq!(c.as_str(), "120061098828009406");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_owned(self) -> NumericCodeBuf {
        NumericCodeBuf {
            code: String::from(self.code),
        }
    }
}

impl From<NumericCode<'_>> for NumericCodeBuf {
    fn from(c: NumericCode<'_>) -> Self {
        c.into_owned()
    }
}

/// Reads as [`NumericCode::parse`].
impl FromStr for NumericCodeBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        NumericCode::parse(s).map(NumericCode::into_owned)
    }
}

/// Writes the code in full: it is the code's wire form.
impl fmt::Display for NumericCodeBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// As the view's `Debug`: masked.
impl fmt::Debug for NumericCodeBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl PartialEq for NumericCodeBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for NumericCodeBuf {}

/// Hashes the code: equal codes have equal issuers.
impl Hash for NumericCodeBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl PartialEq<NumericCode<'_>> for NumericCodeBuf {
    fn eq(&self, other: &NumericCode<'_>) -> bool {
        self.as_view() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::ToString;

    #[test]
    fn owned_and_borrowed_agree_and_debug_stays_masked() {
        let view = NumericCode::parse("6236171220051893816").unwrap();
        let owned = view.into_owned();
        assert_eq!(owned, view);
        assert_eq!(owned.as_view(), view);
        assert_eq!(format!("{owned:?}"), format!("{view:?}"));
        assert!(!format!("{owned:?}").contains("17122005189"));
        assert_eq!(owned.to_string(), "6236171220051893816");
        let err = "99".parse::<NumericCodeBuf>().unwrap_err();
        assert_eq!(err, NumericCode::parse("99").unwrap_err());
    }
}
