//! Making new consumer-presented payloads that follow the standard.

use super::ber::TagBytes;
use super::{Cpm, MAX_DECODED_LEN, MAX_TEXT_LEN};
use super::{EncodeError, ErrorKind, Missing, Violation};
use crate::error::{Findings, Rule};

/// Builds a consumer-presented payload: `85 CPV01`, then one or two application templates,
/// then an optional common data template, each given as its data objects `(tag, value)`.
/// Encoding refuses a payload that breaks a rule.
///
/// # Examples
///
/// ```
/// use paycode::cpm::{Cpm, CpmBuilder};
/// let aid = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01];
/// let pan = [0x62, 0x92, 0x61, 0x03, 0x58, 0x44, 0x43, 0x35, 0x64, 0x1F];
/// let app: [(u32, &[u8]); 2] = [(0x4F, &aid), (0x5A, &pan)];
/// let mut b = CpmBuilder::new();
/// b.application(&app);
/// let (mut bytes, mut text) = ([0u8; 128], [0u8; 256]);
/// let s = b.encode_base64_into(&mut bytes, &mut text)?;
/// assert!(s.starts_with("hQVDUFYwMWE"));
/// let mut buf = [0u8; 128];
/// let p = Cpm::decode(s, &mut buf)?;
/// assert_eq!(p.issuers().first().map(|i| i.id()), Some("unionpay"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[must_use]
pub struct CpmBuilder<'a> {
    apps: [Option<Objects<'a>>; 2],
    /// Application templates given beyond the two the standard allows (`CPM-APP-1`).
    extra_apps: usize,
    common: Option<Objects<'a>>,
}

/// A template's data objects as the builder takes them: `(tag, value)`.
type Objects<'a> = &'a [(u32, &'a [u8])];

impl<'a> CpmBuilder<'a> {
    /// Starts an empty payload (the format indicator is always written).
    pub const fn new() -> Self {
        CpmBuilder {
            apps: [None, None],
            extra_apps: 0,
            common: None,
        }
    }

    /// Adds an application template (61). The standard allows two: encoding a payload given a
    /// third fails with `CPM-APP-1`.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::cpm::CpmBuilder;
    /// let app: [(u32, &[u8]); 2] = [(0x4F, &[0xA0, 0, 0, 0, 0x55, 0x55, 0x55]), (0x5A, &[0x12, 0x34])];
    /// let mut b = CpmBuilder::new();
    /// b.application(&app).application(&app).application(&app);
    /// let err = b.encode_into(&mut [0u8; 128]).unwrap_err();
    /// assert!(matches!(err, paycode::cpm::EncodeError::Invalid(v) if v.rule().id() == "CPM-APP-1"));
    /// ```
    pub fn application(&mut self, objects: &'a [(u32, &'a [u8])]) -> &mut Self {
        match self.apps.iter_mut().find(|s| s.is_none()) {
            Some(slot) => *slot = Some(objects),
            None => self.extra_apps = self.extra_apps.saturating_add(1),
        }
        self
    }

    /// Sets the common data template (62).
    pub fn common_data(&mut self, objects: &'a [(u32, &'a [u8])]) -> &mut Self {
        self.common = Some(objects);
        self
    }

    /// Writes the payload's bytes into `buf`, checks them, and returns them.
    ///
    /// # Errors
    ///
    /// [`EncodeError::Invalid`] with the first violation or reading error: `CPM-APP-1` for
    /// none or more than two applications (at the byte where the third would start),
    /// `CPM-LIM-1` for a payload whose base64 text would be over [`MAX_TEXT_LEN`] characters
    /// (more than [`MAX_DECODED_LEN`] bytes: the reader would refuse it, and a value of more
    /// than 65535 bytes always is), an AID of the wrong length, neither track 2 nor PAN, …;
    /// [`EncodeError::BufferTooSmall`] if `buf` cannot hold the payload.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::cpm::CpmBuilder;
    /// let big = vec![0u8; 70_000];
    /// let app: [(u32, &[u8]); 3] = [(0x4F, &[0xA0, 0, 0, 0, 0x55, 0x55, 0x55]), (0x5A, &[0x12, 0x34]), (0x9F7F, &big)];
    /// let mut b = CpmBuilder::new();
    /// b.application(&app);
    /// let err = b.encode_into(&mut vec![0u8; 80_000]).unwrap_err();
    /// assert!(matches!(err, paycode::cpm::EncodeError::Invalid(v) if v.rule().id() == "CPM-LIM-1"));
    /// ```
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], EncodeError> {
        let pfi_len = tlv_len(0x85, 5);
        let template_len = |o: Objects<'_>, tag: u32| tlv_len(tag, inner_len(o));
        let apps_len = self
            .apps
            .iter()
            .flatten()
            .fold(0usize, |n, o| n.saturating_add(template_len(o, 0x61)));
        if self.extra_apps > 0 {
            // A third template would have started right after the first two.
            let what = Missing::Templates;
            let at = pfi_len.saturating_add(apps_len);
            return Err(EncodeError::Invalid(Violation::new(
                Rule::CpmApp1,
                at,
                ErrorKind::TagMissing { what },
            )));
        }
        let total = pfi_len
            .saturating_add(apps_len)
            .saturating_add(self.common.map_or(0, |o| template_len(o, 0x62)));
        if total > MAX_DECODED_LEN {
            // The reader's limit counts characters of the text: the text would end past it.
            let kind = ErrorKind::PayloadTooLong {
                limit: MAX_DECODED_LEN,
                found: total,
            };
            return Err(EncodeError::Invalid(Violation::new(
                Rule::CpmLim1,
                MAX_TEXT_LEN,
                kind,
            )));
        }
        let mut w = Bytes { buf, len: 0 };
        w.tlv(0x85, b"CPV01");
        for (tag, objects) in self
            .apps
            .iter()
            .flatten()
            .map(|o| (0x61u32, o))
            .chain(self.common.iter().map(|o| (0x62, o)))
        {
            w.header(tag, inner_len(objects));
            for (t, v) in *objects {
                w.tlv(*t, v);
            }
        }
        let available = w.buf.len();
        let needed = w.len;
        let bytes = w
            .buf
            .get(..needed)
            .ok_or(EncodeError::BufferTooSmall { needed, available })?;
        let payload = Cpm::parse(bytes).map_err(|e| EncodeError::Invalid(e.into()))?;
        match Findings::first(|sink| payload.validate_with(sink)) {
            Some(v) => Err(EncodeError::Invalid(v)),
            None => Ok(bytes),
        }
    }

    /// Writes the payload's bytes into `bytes` and their base64 text into `text`.
    ///
    /// # Errors
    ///
    /// As [`encode_into`](Self::encode_into), and [`EncodeError::BufferTooSmall`] if `text`
    /// cannot hold the base64 text.
    pub fn encode_base64_into<'t>(
        &self,
        bytes: &mut [u8],
        text: &'t mut [u8],
    ) -> Result<&'t str, EncodeError> {
        let b = self.encode_into(bytes)?;
        super::encode_base64(b, text)
    }
}

fn tlv_len(tag: u32, len: usize) -> usize {
    super::ber::header_len(tag, len).saturating_add(len)
}

/// The bytes a template's objects take, written with minimal lengths.
fn inner_len(objects: Objects<'_>) -> usize {
    objects
        .iter()
        .fold(0usize, |n, (t, v)| n.saturating_add(tlv_len(*t, v.len())))
}

struct Bytes<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Bytes<'_> {
    fn push(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    fn header(&mut self, tag: u32, len: usize) {
        self.push(TagBytes::new(tag).as_slice());
        // `encode_into` refuses a payload over MAX_DECODED_LEN before writing, so no length
        // needs more than two bytes; three are written right all the same. A `usize` is at
        // most 64 bits wide: widening it to `u64` loses nothing.
        let [.., top, hi, lo] = (len as u64).to_be_bytes();
        match len {
            0..=0x7F => self.push(&[lo]),
            0x80..=0xFF => self.push(&[0x81, lo]),
            0x100..=0xFFFF => self.push(&[0x82, hi, lo]),
            _ => self.push(&[0x83, top, hi, lo]),
        }
    }

    fn tlv(&mut self, tag: u32, value: &[u8]) {
        self.header(tag, value.len());
        self.push(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    const AID: [u8; 7] = [0xA0, 0, 0, 0, 0x55, 0x55, 0x55];
    const PAN: [u8; 2] = [0x12, 0x34];

    /// The rule and offset of a refusal; ("", 0) for an error that names no rule.
    fn rule(e: EncodeError) -> (&'static str, usize) {
        match e {
            EncodeError::Invalid(v) => (v.rule().id(), v.offset()),
            _ => ("", 0),
        }
    }

    #[test]
    fn a_third_application_is_refused_not_dropped() {
        let app: [(u32, &[u8]); 2] = [(0x4F, &AID), (0x5A, &PAN)];
        let mut b = CpmBuilder::new();
        b.application(&app).application(&app);
        let mut buf = [0u8; 256];
        let two = b.encode_into(&mut buf).unwrap().len();
        b.application(&app);
        let mut buf = [0u8; 256];
        // The third template would start where the two-application payload ends.
        assert_eq!(
            rule(b.encode_into(&mut buf).unwrap_err()),
            ("CPM-APP-1", two)
        );
    }

    #[test]
    fn a_value_over_the_limit_is_refused_not_truncated() {
        for n in [0x1_0000 + 3, 0x1_0000, MAX_DECODED_LEN] {
            let big = vec![0u8; n];
            let app: [(u32, &[u8]); 3] = [(0x4F, &AID), (0x5A, &PAN), (0x9F7F, &big)];
            let mut b = CpmBuilder::new();
            b.application(&app);
            let mut buf = vec![0u8; n + 64];
            assert_eq!(
                rule(b.encode_into(&mut buf).unwrap_err()),
                ("CPM-LIM-1", MAX_TEXT_LEN),
                "{n}"
            );
        }
        // The largest payload the reader takes is built, and reads back.
        let fill = vec![0u8; MAX_DECODED_LEN - 7 - 4 - 9 - 4 - 5];
        let app: [(u32, &[u8]); 3] = [(0x4F, &AID), (0x5A, &PAN), (0x9F7F, &fill)];
        let mut b = CpmBuilder::new();
        b.application(&app);
        let (mut bytes, mut text) = (vec![0u8; 4096], vec![0u8; 4096]);
        let s = b.encode_base64_into(&mut bytes, &mut text).unwrap();
        assert_eq!(s.len(), MAX_TEXT_LEN);
        let mut back = vec![0u8; MAX_DECODED_LEN];
        assert!(Cpm::decode(s, &mut back).is_ok());
    }
}
