//! Telling which form a scanned code is, from its first bytes, before reading it.

mod error;
pub use error::{Error, ErrorKind};
mod options;
#[cfg(feature = "alloc")]
mod owned;

pub use options::ScanOptions;
#[cfg(feature = "alloc")]
pub use owned::{ScannedBuf, scan_owned};

/// The forms of code the standard knows.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, detect};
/// assert_eq!(detect(b"00020101021229300012D1560000"), Form::EmvMpm);
/// assert_eq!(detect(b"hQVDUFYwMWEaTwegAAAAVVVVVw8S"), Form::EmvCpm);
/// assert_eq!(detect(b"120061098828009406"), Form::Numeric);
/// assert_eq!(detect(b"wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"), Form::Legacy);
/// assert_eq!(Form::Numeric.name(), "numeric");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Form {
    /// An EMVCo merchant-presented payload (`spec/mpm.md`).
    EmvMpm,
    /// An EMVCo consumer-presented payload in base64 (`spec/cpm.md`).
    EmvCpm,
    /// A numeric consumer-presented code (`spec/numeric.md`).
    Numeric,
    /// A legacy merchant-presented URL of a wallet (`spec/legacy.md`).
    Legacy,
    /// An Alipay+ merchant-presented code, `HTTPS://<domain>/MPM/3/<base64>`
    /// (`spec/alipay-plus.md`).
    AlipayPlus,
    /// None of the forms: not a payment code (`SCAN-FORM-1`).
    Unknown,
}

impl Form {
    /// Returns the form's name as the command line and JSON output give it: `"emv-mpm"`,
    /// `"emv-cpm"`, `"numeric"`, `"legacy"`, `"alipay-plus"` or `"unknown"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(paycode::scan::detect(b"134556781234567890").name(), "numeric");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Form::EmvMpm => "emv-mpm",
            Form::EmvCpm => "emv-cpm",
            Form::Numeric => "numeric",
            Form::Legacy => "legacy",
            Form::AlipayPlus => "alipay-plus",
            Form::Unknown => "unknown",
        }
    }
}

/// What kind of code a Chinese scanner says it read (`spec/legacy.md`, scan kinds): the five
/// kinds the e-CNY wallet's gateway tells apart (e-CNY merchant code, UnionPay standard code,
/// aggregated code, WeChat code, Alipay code), and the others this standard knows. It follows
/// the outer code: a UnionPay gateway wrapper of a WeChat code is `unionpay`. It is separate
/// from the registry's `kind` of an issuer and from the [`Form`].
///
/// # Examples
///
/// ```
/// use paycode::scan::{ScanKind, scan};
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// let s = scan("https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456", &mut buf);
/// assert_eq!(s.scan_kind(), ScanKind::Aggregated);
/// assert_eq!(ScanKind::Aggregated.name(), "aggregated");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScanKind {
    /// An e-CNY merchant code (`qr.pbcdci.cn`).
    ECny,
    /// A UnionPay standard code (`qr.95516.com`), the gateway wrapper included.
    Unionpay,
    /// An aggregated code (聚合码) of an acquirer or a bank: a page that takes the payment in
    /// the wallet that opened it.
    Aggregated,
    /// A WeChat Pay merchant code.
    Wechat,
    /// An Alipay merchant code or launcher.
    Alipay,
    /// A merchant code of another wallet (QQ Wallet, JD Pay, …).
    OtherWallet,
    /// A unified code of this standard: an EMVCo payload carrying legacy codes.
    Unified,
    /// Another EMVCo merchant-presented payload.
    Emv,
    /// A consumer-presented code (付款码), numeric or EMVCo.
    Consumer,
    /// Not a payment code.
    Unknown,
}

impl ScanKind {
    /// Returns the kind's name as the command line and JSON output give it: `"e-cny"`,
    /// `"unionpay"`, `"aggregated"`, `"wechat"`, `"alipay"`, `"other-wallet"`, `"unified"`,
    /// `"emv"`, `"consumer"` or `"unknown"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(paycode::scan::ScanKind::ECny.name(), "e-cny");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ScanKind::ECny => "e-cny",
            ScanKind::Unionpay => "unionpay",
            ScanKind::Aggregated => "aggregated",
            ScanKind::Wechat => "wechat",
            ScanKind::Alipay => "alipay",
            ScanKind::OtherWallet => "other-wallet",
            ScanKind::Unified => "unified",
            ScanKind::Emv => "emv",
            ScanKind::Consumer => "consumer",
            ScanKind::Unknown => "unknown",
        }
    }
}

impl core::fmt::Display for ScanKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

// One buffer serves every form that decodes into it.
const _: () = assert!(crate::cpm::MAX_DECODED_LEN >= crate::alipay_plus::MAX_DECODED_LEN);

/// The longest input read as a numeric code by [`detect`]: longer strings of digits are not
/// payment codes of any registered form, but may be (broken) merchant payloads.
const NUMERIC_MAX_SCAN: usize = 40;

/// Tells the form of a scanned code from its first bytes, without reading it: `hQVDUFY` (the
/// base64 of `85 05 "CPV`) is consumer-presented; digits, perhaps with spaces, up to 40
/// characters are a numeric code; `https://<host>/MPM/3/` is an Alipay+ merchant code; other
/// text with `://` in its first 16 bytes is a legacy URL;
/// text that starts with two digits (a data object ID) is read as a merchant-presented
/// payload; anything else is no payment code (`SCAN-FORM-1`). The reader of the form then says
/// whether the input really is one. This costs a few comparisons and no allocation.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, detect};
/// assert_eq!(detect(b"1200 6109 8828 0094 06"), Form::Numeric); // then NUM-CHR-1 says why not
/// assert_eq!(detect(b"hello"), Form::Unknown);
/// assert_eq!(detect(b"0002010102"), Form::EmvMpm); // then MPM-CRC-1 says why not
/// ```
#[must_use]
pub fn detect(input: &[u8]) -> Form {
    if input.starts_with(b"hQVDUFY") {
        return Form::EmvCpm;
    }
    let numeric_looking = matches!(input.first(), Some(b'0'..=b'9'))
        && input.len() <= NUMERIC_MAX_SCAN
        && input
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b' ' || *b == b'-');
    if numeric_looking && !input.starts_with(b"000201") {
        return Form::Numeric;
    }
    let head = input.get(..input.len().min(16)).unwrap_or_default();
    if head.windows(3).any(|w| w == b"://") {
        if crate::alipay_plus::looks_like_bytes(input) {
            return Form::AlipayPlus;
        }
        Form::Legacy
    } else if matches!(input, [b'0'..=b'9', b'0'..=b'9', ..]) {
        Form::EmvMpm
    } else {
        Form::Unknown
    }
}

/// What [`scan`] found: the decoded code of the detected form, or why the input is not a
/// payment code.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Scanned, scan};
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// let Scanned::Legacy(code) = scan("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf) else { panic!() };
/// assert_eq!(code.form_id(), "wechat-f2f0");
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Scanned<'a> {
    /// An EMVCo merchant-presented payload (it may still break conformance rules).
    Mpm(crate::mpm::Payload<'a>),
    /// An EMVCo consumer-presented payload, decoded into the caller's buffer.
    Cpm(crate::cpm::Cpm<'a>),
    /// A numeric consumer-presented code.
    Numeric(crate::numeric::NumericCode<'a>),
    /// A legacy merchant-presented URL of a known issuer.
    Legacy(crate::legacy::LegacyCode<'a>),
    /// An Alipay+ merchant-presented code, its payload decoded into the caller's buffer.
    AlipayPlus(crate::alipay_plus::AlipayPlusMpm<'a>),
    /// Not a payment code: the form it looked like, and the reader's error.
    NotPayment {
        /// The form [`detect`] chose.
        form: Form,
        /// Why that form's reader refused it.
        error: crate::Error,
    },
}

impl Scanned<'_> {
    /// Returns the form detected.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Form, scan};
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// assert_eq!(scan("hQVDUFYwMQ==", &mut buf).form(), Form::EmvCpm);
    /// assert_eq!(scan("hello", &mut buf).form(), Form::Unknown);
    /// ```
    #[must_use]
    pub fn form(&self) -> Form {
        match self {
            Scanned::Mpm(_) => Form::EmvMpm,
            Scanned::Cpm(_) => Form::EmvCpm,
            Scanned::Numeric(_) => Form::Numeric,
            Scanned::Legacy(_) => Form::Legacy,
            Scanned::AlipayPlus(_) => Form::AlipayPlus,
            Scanned::NotPayment { form, .. } => *form,
        }
    }

    /// Returns what a Chinese scanner calls the code ([`ScanKind`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{ScanKind, scan};
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// assert_eq!(scan("https://qr.pbcdci.cn/002030000000000000000000000000000000001", &mut buf).scan_kind(), ScanKind::ECny);
    /// assert_eq!(scan("134556781234567890", &mut buf).scan_kind(), ScanKind::Consumer);
    /// assert_eq!(scan("hello", &mut buf).scan_kind(), ScanKind::Unknown);
    /// ```
    #[must_use]
    pub fn scan_kind(&self) -> ScanKind {
        match self {
            Scanned::Mpm(p) if crate::unified::is_unified(p) => ScanKind::Unified,
            Scanned::Mpm(_) => ScanKind::Emv,
            Scanned::Cpm(_) | Scanned::Numeric(_) => ScanKind::Consumer,
            Scanned::Legacy(c) => c.issuer().scan_kind(),
            Scanned::AlipayPlus(c) => c
                .issuers()
                .first()
                .map_or(ScanKind::OtherWallet, |i| i.scan_kind()),
            Scanned::NotPayment { .. } => ScanKind::Unknown,
        }
    }

    /// Returns the registry issuers of the code, most likely first (none for a code that is
    /// not a payment code).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let s = paycode::scan::scan("6236171220051893816", &mut buf);
    /// let ids: Vec<_> = s.issuers().iter().map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "jd-pay"]);
    /// ```
    #[must_use]
    pub fn issuers(&self) -> crate::registry::Candidates {
        match self {
            Scanned::Mpm(p) => p.issuers(),
            Scanned::Cpm(p) => p.issuers(),
            Scanned::Numeric(c) => c.issuers(),
            Scanned::Legacy(c) => c.issuers(),
            Scanned::AlipayPlus(c) => c.issuers(),
            Scanned::NotPayment { .. } => crate::registry::Candidates::EMPTY,
        }
    }
}

impl<'a> Scanned<'a> {
    /// Returns the issuers of the code in `registry`, as the code's own `issuers_in` gives
    /// them: [`Payload::issuers_in`](crate::mpm::Payload::issuers_in),
    /// [`Cpm::issuers_in`](crate::cpm::Cpm::issuers_in),
    /// [`NumericCode::issuers_in`](crate::numeric::NumericCode::issuers_in),
    /// [`LegacyCode::issuers_in`](crate::legacy::LegacyCode::issuers_in); an Alipay+ code's
    /// issuer by its registry ID. In the built-in registry
    /// ([`BUILT_IN`](crate::registry::BUILT_IN)) these are what [`issuers`](Self::issuers)
    /// returns; none for a code that is not a payment code. Nothing is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
    /// use paycode::scan::scan;
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
    /// let s = scan("771234567890123456", &mut buf);
    /// assert!(s.issuers().is_empty());
    /// assert_eq!(s.issuers_in(&BUILT_IN).count(), 0);
    /// assert_eq!(s.issuers_in(&r).map(|i| i.to_string()).collect::<Vec<_>>(), ["campus-card"]);
    /// let s = scan("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf);
    /// assert_eq!(s.issuers_in(&r).map(|i| i.to_string()).collect::<Vec<_>>(), ["wechat-pay"]);
    /// # }
    /// ```
    pub fn issuers_in<'r, R: crate::registry::Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> impl Iterator<Item = R::Issuer<'r>> + use<'r, '_, 'a, R> {
        // One reader's iterator is there, the others are empty: each has its own type.
        let mpm = match self {
            Scanned::Mpm(p) => Some(p.issuers_in(registry)),
            _ => None,
        };
        let cpm = match self {
            Scanned::Cpm(p) => Some(p.issuers_in(registry)),
            _ => None,
        };
        let numeric = match self {
            Scanned::Numeric(c) => Some(c.issuers_in(registry)),
            _ => None,
        };
        let legacy = match self {
            Scanned::Legacy(c) => Some(c.issuers_in(registry)),
            _ => None,
        };
        let alipay_plus = match self {
            Scanned::AlipayPlus(c) => c.issuers(),
            _ => crate::registry::Candidates::EMPTY,
        };
        mpm.into_iter()
            .flatten()
            .chain(cpm.into_iter().flatten())
            .chain(numeric.into_iter().flatten())
            .chain(legacy.into_iter().flatten())
            .chain(
                alipay_plus
                    .into_iter()
                    .filter_map(move |i| registry.by_id(i.id())),
            )
    }
}

/// Reads whatever a scanner read: detects the form from the first bytes, then reads it with
/// that form's reader. A consumer-presented payload is decoded into `buf`
/// ([`cpm::MAX_DECODED_LEN`](crate::cpm::MAX_DECODED_LEN) bytes always suffice). Nothing is
/// allocated.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, scan};
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// let s = scan("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79", &mut buf);
/// assert_eq!(s.form(), Form::Legacy);
/// assert_eq!(s.issuers().first().map(|i| i.id()), Some("alipay"));
/// let s = scan("hello", &mut buf);
/// assert!(matches!(s, paycode::scan::Scanned::NotPayment { .. }));
/// ```
pub fn scan<'a>(input: &'a str, buf: &'a mut [u8]) -> Scanned<'a> {
    let form = detect(input.as_bytes());
    let result = match form {
        Form::EmvCpm => crate::cpm::Cpm::decode(input, buf).map(Scanned::Cpm),
        Form::Numeric => crate::numeric::NumericCode::parse(input)
            .map(Scanned::Numeric)
            .map_err(crate::Error::from),
        Form::Legacy => crate::legacy::LegacyCode::parse(input)
            .map(Scanned::Legacy)
            .map_err(crate::Error::from),
        Form::AlipayPlus => {
            crate::alipay_plus::AlipayPlusMpm::parse(input, buf).map(Scanned::AlipayPlus)
        }
        Form::EmvMpm => crate::mpm::Payload::parse(input)
            .map(Scanned::Mpm)
            .map_err(crate::Error::from),
        Form::Unknown => Err(Error::new(crate::Rule::ScanForm1, 0, ErrorKind::UnknownForm).into()),
    };
    result.unwrap_or_else(|error| Scanned::NotPayment { form, error })
}
