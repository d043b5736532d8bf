//! Strict validation of a consumer-presented payload against `spec/cpm.md`.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::error::Findings;

use super::ber::{Tlv, is_opaque};
use super::{Cpm, Pan, Track2};
use super::{ErrorKind, Expected, Missing, Violation};
use crate::error::Rule;

impl Cpm<'_> {
    /// Reports every violation of the standard to `sink`, in payload order, without
    /// allocating.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut buf)?; // only 85 CPV01
    /// let mut rules = Vec::new();
    /// p.validate_with(&mut |v| rules.push(v.rule().id()));
    /// assert_eq!(rules, ["CPM-APP-1"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn validate_with(&self, sink: &mut dyn FnMut(Violation)) {
        let mut report = |id: Rule, at: usize, kind: ErrorKind| {
            sink(Violation::new(id, at, kind));
        };
        let mut apps = 0usize;
        let mut common = 0usize;
        let mut seen_other = false;
        for t in self.objects() {
            match t.tag() {
                0x85 if t.value() != b"CPV01" => {
                    let kind = ErrorKind::TagValue {
                        tag: 0x85,
                        expected: Expected::Cpv01,
                    };
                    report(Rule::CpmPfi2, t.offset(), kind);
                }
                0x85 => {}
                0x61 | 0x62 if seen_other || (t.tag() == 0x61 && common > 0) => {
                    let expected = Expected::TemplateOrder;
                    report(
                        Rule::CpmOrd1,
                        t.offset(),
                        ErrorKind::TagValue {
                            tag: t.tag(),
                            expected,
                        },
                    );
                }
                _ => {}
            }
            match t.tag() {
                0x61 => apps = apps.saturating_add(1),
                0x62 => common = common.saturating_add(1),
                0x85 => {}
                _ => seen_other = true,
            }
        }
        if !(1..=2).contains(&apps) || common > 1 {
            let what = Missing::Templates;
            report(
                Rule::CpmApp1,
                self.as_bytes().len(),
                ErrorKind::TagMissing { what },
            );
        }
        let common_tlv = self.common_data();
        for app in self.applications() {
            let t = app.tlv();
            match app.aid() {
                None => {
                    let what = Missing::Aid;
                    report(Rule::CpmApp2, t.offset(), ErrorKind::TagMissing { what });
                }
                Some(aid) if !(5..=16).contains(&aid.len()) => {
                    let kind = ErrorKind::TagValue {
                        tag: 0x4F,
                        expected: Expected::Bytes { min: 5, max: 16 },
                    };
                    report(Rule::CpmApp2, t.offset(), kind);
                }
                Some(_) => {}
            }
            let in_common = |tag| common_tlv.is_some_and(|c| c.children().any(|x| x.tag() == tag));
            let has = |tag| app.get(tag).is_some() || in_common(tag);
            if !has(0x57) && !has(0x5A) {
                let what = Missing::Track2OrPan;
                report(Rule::CpmApp3, t.offset(), ErrorKind::TagMissing { what });
            }
            // The POI reads one application's data plus the common data: no primitive twice.
            let poi = t
                .children()
                .chain(common_tlv.into_iter().flat_map(|c| c.children()));
            for (i, x) in poi.clone().enumerate() {
                if is_opaque(x.tag()) {
                    continue;
                }
                if poi.clone().take(i).any(|y| y.tag() == x.tag()) {
                    report(
                        Rule::CpmDup1,
                        x.offset(),
                        ErrorKind::TagDuplicate { tag: x.tag() },
                    );
                }
            }
        }
        for container in self.applications().map(|a| a.tlv()).chain(common_tlv) {
            for x in container.children() {
                check_object(x, &mut report);
            }
        }
    }

    /// Returns every violation of the standard, in payload order; empty for a conformant
    /// payload (and then nothing is allocated).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMmETTwegAAAAVVVVWggSNFZ4kBI0WA==", &mut buf)?;
    /// assert_eq!(p.validate()[0].to_string(), "tag 85 must be CPV01 (CPM-PFI-2 at byte 0)");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn validate(&self) -> Vec<Violation> {
        Findings::all(|sink| self.validate_with(sink))
    }

    /// Returns whether the payload breaks no rule of the standard.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut buf)?; // no application template
    /// assert!(!p.is_conformant());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn is_conformant(&self) -> bool {
        Findings::first(|sink| self.validate_with(sink)).is_none()
    }
}

/// The format and length rules of one POI data object (CPM Table 6.1, EMV Book 3 Annex A).
fn check_object(x: Tlv<'_>, report: &mut impl FnMut(Rule, usize, ErrorKind)) {
    let v = x.value();
    let ans = |v: &[u8]| v.iter().all(|b| (0x20..0x7F).contains(b));
    let bytes = |min: u8, max: u8| {
        let ok = (usize::from(min)..=usize::from(max)).contains(&v.len());
        Some((ok, Expected::Bytes { min, max }))
    };
    // Each check: whether the value passes it, and what it expects.
    type Check = Option<(bool, Expected)>;
    let (length, format): (Check, Check) = match x.tag() {
        0x50 => (bytes(1, 16), Some((ans(v), Expected::Ans))),
        0x5F20 => (bytes(2, 26), Some((ans(v), Expected::Ans))),
        0x5F2D => (
            Some((
                (2..=8).contains(&v.len()) && v.len() % 2 == 0,
                Expected::LanguageBytes,
            )),
            Some((v.iter().all(u8::is_ascii_alphabetic), Expected::Letters)),
        ),
        0x9F08 => (bytes(2, 2), None),
        // Token requestor ID: format n 11, stored right-aligned in 6 bytes of packed
        // digits with a leading 0 nibble (EMV Book 3 Annex A, EMVCo Payment Tokenisation).
        0x9F19 => (
            bytes(6, 6),
            Some((is_bcd(v), Expected::PackedDigits { digits: 11 })),
        ),
        0x9F24 => (
            bytes(29, 29),
            Some((
                v.iter()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                Expected::UpperAlnum,
            )),
        ),
        0x9F25 => (
            bytes(2, 2),
            Some((is_bcd(v), Expected::PackedDigits { digits: 4 })),
        ),
        0x5A => (None, Some((Pan::from_bcd(v).is_some(), Expected::Cn))),
        0x57 => (None, Some((Track2::decode(v).is_some(), Expected::Track2))),
        _ => (None, None),
    };
    if let Some((false, expected)) = length {
        let kind = ErrorKind::TagValue {
            tag: x.tag(),
            expected,
        };
        report(Rule::CpmLen1, x.offset(), kind);
    }
    if let Some((false, expected)) = format {
        let kind = ErrorKind::TagValue {
            tag: x.tag(),
            expected,
        };
        let rule = if x.tag() == 0x57 {
            Rule::CpmT21
        } else {
            Rule::CpmFmt1
        };
        report(rule, x.offset(), kind);
    }
}

fn is_bcd(v: &[u8]) -> bool {
    v.iter().all(|b| b >> 4 <= 9 && b & 0x0F <= 9)
}
