//! Making new consumer-presented payloads that follow the standard.

use super::Cpm;
use super::ber::tag_bytes;
use crate::error::Findings;
use crate::mpm::EncodeError;

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
    common: Option<Objects<'a>>,
}

/// A template's data objects as the builder takes them: `(tag, value)`.
type Objects<'a> = &'a [(u32, &'a [u8])];

impl<'a> CpmBuilder<'a> {
    /// Starts an empty payload (the format indicator is always written).
    pub const fn new() -> Self {
        CpmBuilder {
            apps: [None, None],
            common: None,
        }
    }

    /// Adds an application template (61); a third is ignored, as the standard allows two.
    pub fn application(&mut self, objects: &'a [(u32, &'a [u8])]) -> &mut Self {
        if let Some(slot) = self.apps.iter_mut().find(|s| s.is_none()) {
            *slot = Some(objects);
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
    /// [`EncodeError::Invalid`] with the first violation or reading error (no application,
    /// an AID of the wrong length, neither track 2 nor PAN, …);
    /// [`EncodeError::BufferTooSmall`] if `buf` cannot hold the payload.
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], EncodeError> {
        let mut w = Bytes { buf, len: 0 };
        w.tlv(0x85, b"CPV01");
        for (tag, objects) in self
            .apps
            .iter()
            .flatten()
            .map(|o| (0x61u32, o))
            .chain(self.common.iter().map(|o| (0x62, o)))
        {
            let inner: usize = objects.iter().map(|(t, v)| tlv_len(*t, v.len())).sum();
            w.header(tag, inner);
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
        let (t, n) = tag_bytes(tag);
        self.push(t.get(..n).unwrap_or_default());
        let [_, _, hi, lo] = u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes();
        match len {
            0..=0x7F => self.push(&[lo]),
            0x80..=0xFF => self.push(&[0x81, lo]),
            _ => self.push(&[0x82, hi, lo]),
        }
    }

    fn tlv(&mut self, tag: u32, value: &[u8]) {
        self.header(tag, value.len());
        self.push(value);
    }
}
