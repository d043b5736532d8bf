//! [`LegacyCodeBuf`], the owned form of a [`LegacyCode`] (`alloc`).

use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use super::Error;
use super::{Inner, LegacyCode};
use crate::registry::LegacyForm;

/// A legacy code that was read successfully, owning its text: the owned form of [`LegacyCode`]
/// (see [`PayloadBuf`](crate::mpm::PayloadBuf) for the naming).
///
/// It keeps the form, the offsets and, for a wrapper, what it carries, as the reader found
/// them, so [`as_view`](Self::as_view) cannot fail. `Display` writes the text byte for byte;
/// `Debug` is the view's.
///
/// # Examples
///
/// ```
/// use paycode::legacy::LegacyCodeBuf;
/// let c: LegacyCodeBuf = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79".parse()?;
/// assert_eq!(c.as_view().issuer().id(), "alipay");
/// assert_eq!(c.as_view().variable(), "FKX05106TWOWYTJ6VELP79");
/// assert_eq!(c.to_string(), "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone)]
pub struct LegacyCodeBuf {
    text: String,
    form: &'static LegacyForm,
    /// The view's offsets, valid for `text`: they were found in the same bytes.
    variable_at: usize,
    inner: Option<Inner>,
}

impl LegacyCodeBuf {
    /// Returns the borrowed view, which has every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::legacy::LegacyCodeBuf = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L".parse()?;
    /// assert_eq!(c.as_view().form_id(), "wechat-f2f0");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_view(&self) -> LegacyCode<'_> {
        LegacyCode {
            text: &self.text,
            form: self.form,
            variable_at: self.variable_at,
            inner: self.inner,
        }
    }

    /// Returns the code's text exactly as it was read.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::legacy::LegacyCodeBuf = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L".parse()?;
    /// assert!(c.as_str().starts_with("wxp://"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl LegacyCode<'_> {
    /// Copies the code into a [`LegacyCodeBuf`] that owns its text (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// assert_eq!(c.into_owned().as_view(), c);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_owned(self) -> LegacyCodeBuf {
        LegacyCodeBuf {
            text: String::from(self.text),
            form: self.form,
            variable_at: self.variable_at,
            inner: self.inner,
        }
    }
}

impl From<LegacyCode<'_>> for LegacyCodeBuf {
    fn from(c: LegacyCode<'_>) -> Self {
        c.into_owned()
    }
}

/// Reads as [`LegacyCode::parse`].
impl FromStr for LegacyCodeBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        LegacyCode::parse(s).map(LegacyCode::into_owned)
    }
}

/// Writes the code exactly as it was read.
impl fmt::Display for LegacyCodeBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As the view's `Debug`.
impl fmt::Debug for LegacyCodeBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl PartialEq for LegacyCodeBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for LegacyCodeBuf {}

/// Hashes what equality compares: the text and the form's ID.
impl Hash for LegacyCodeBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.form.id.hash(state);
    }
}

impl PartialEq<LegacyCode<'_>> for LegacyCodeBuf {
    fn eq(&self, other: &LegacyCode<'_>) -> bool {
        self.as_view() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::ToString;

    #[test]
    fn a_wrapper_keeps_what_it_carries() {
        let text = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
        let view = LegacyCode::parse(text).unwrap();
        let owned: LegacyCodeBuf = text.parse().unwrap();
        assert_eq!(owned, view);
        assert_eq!(owned.as_view().inner_form_id(), view.inner_form_id());
        let mut a = [0u8; super::super::MAX_LEN];
        let mut b = [0u8; super::super::MAX_LEN];
        let va = view
            .plain(&mut a)
            .map(|r| r.map(|c| c.as_str().to_string()));
        let vb = owned
            .as_view()
            .plain(&mut b)
            .map(|r| r.map(|c| c.as_str().to_string()));
        assert_eq!(va, vb);
        assert_eq!(owned.to_string(), text);
        assert_eq!(format!("{owned:?}"), format!("{view:?}"));
    }
}
