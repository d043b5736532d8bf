//! Making new payloads that follow the standard.

#[cfg(feature = "alloc")]
use alloc::string::String;

use super::encode::{EncodeError, Writer};
use super::{Initiation, LengthUnit, ParseOptions};
use crate::error::{Findings, ObjectPath};

/// What one root slot of a [`Builder`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot<'a> {
    Empty,
    Value(&'a str),
    Template(&'a [(u8, &'a str)]),
}

/// Builds a new merchant-presented payload, refusing to build one that breaks a rule.
///
/// Objects are written in ascending ID order with the CRC (63) last and computed. Values are
/// borrowed; templates are given as their sub-objects. [`encode_into`](Self::encode_into)
/// writes into a caller's buffer and then checks the result with the same validation that
/// [`Payload::validate`](super::Payload::validate) runs: what it returns is conformant.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use paycode::mpm::{Builder, Initiation, Payload};
/// let mut b = Builder::new();
/// b.initiation(Initiation::Dynamic)
///     .template(26, &[(0, "com.example.pay"), (1, "MERCHANT-0001")])
///     .merchant_category_code("5812")
///     .currency("156")
///     .amount("23.72")
///     .country("CN")
///     .merchant_name("NOODLE HOUSE")
///     .merchant_city("BEIJING");
/// let mut buf = [0u8; Builder::MAX_LEN];
/// let s = b.encode_into(&mut buf)?;
/// let p = Payload::parse(s)?;
/// assert_eq!(p.merchant_name(), Some("NOODLE HOUSE"));
/// assert!(p.validate().is_empty());
///
/// // A name over 25 characters breaks MPM-LEN-1: nothing is returned.
/// b.merchant_name("THE NOODLE HOUSE OF BEIJING CENTRAL");
/// let err = b.encode_into(&mut buf).unwrap_err();
/// assert!(err.to_string().contains("MPM-LEN-1"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Builder<'a> {
    slots: [Slot<'a>; 100],
    /// The first ID over 99 that was set, reported when encoding.
    bad_id: Option<u8>,
}

impl Default for Builder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Builder<'a> {
    /// The largest payload a builder makes, in bytes (`MPM-SIZE-1`): a buffer of this size
    /// always suffices.
    pub const MAX_LEN: usize = super::validate::MAX_PAYLOAD_LEN;

    /// Starts a payload with format indicator `01` and nothing else.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; paycode::mpm::Builder::MAX_LEN];
    /// // A new builder has only 00: encoding it reports the first missing object.
    /// let err = paycode::mpm::Builder::new().encode_into(&mut buf).unwrap_err();
    /// assert!(err.to_string().contains("MPM-PRS-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new() -> Self {
        let mut slots = [Slot::Empty; 100];
        slots[0] = Slot::Value("01");
        Builder {
            slots,
            bad_id: None,
        }
    }

    /// Sets root object `id` to a primitive value, replacing what it held. Setting 63 has no
    /// effect: the builder computes the CRC. An `id` over 99 is refused when encoding.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = paycode::mpm::Builder::new();
    /// b.set(70, "RFU").set(52, "5812");
    /// let mut buf = [0u8; paycode::mpm::Builder::MAX_LEN];
    /// assert!(b.encode_into(&mut buf).is_err()); // 70 is reserved, and much is missing
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set(&mut self, id: u8, value: &'a str) -> &mut Self {
        self.put(id, Slot::Value(value))
    }

    /// Sets root object `id` to a template made of `objects` (sub-ID, value), in the order
    /// given.
    pub fn template(&mut self, id: u8, objects: &'a [(u8, &'a str)]) -> &mut Self {
        self.put(id, Slot::Template(objects))
    }

    /// Removes root object `id`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut b = paycode::mpm::Builder::new();
    /// b.set(61, "100000").remove(61);
    /// let mut buf = [0u8; paycode::mpm::Builder::MAX_LEN];
    /// assert!(!b.encode_into(&mut buf).unwrap_err().to_string().contains("61"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove(&mut self, id: u8) -> &mut Self {
        self.put(id, Slot::Empty)
    }

    fn put(&mut self, id: u8, slot: Slot<'a>) -> &mut Self {
        match self.slots.get_mut(usize::from(id)) {
            Some(_) if id == 63 => {}
            Some(s) => *s = slot,
            None => {
                self.bad_id.get_or_insert(id);
            }
        }
        self
    }

    /// Sets the point of initiation method (01).
    pub fn initiation(&mut self, how: Initiation) -> &mut Self {
        match how {
            Initiation::Dynamic => self.set(1, "12"),
            _ => self.set(1, "11"),
        }
    }

    /// Sets the merchant category code (52), four digits.
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.set(52, mcc)
    }

    /// Sets the transaction currency (53), three ISO 4217 digits such as `"156"`.
    pub fn currency(&mut self, numeric: &'a str) -> &mut Self {
        self.set(53, numeric)
    }

    /// Sets the transaction amount (54), such as `"23.72"`.
    pub fn amount(&mut self, amount: &'a str) -> &mut Self {
        self.set(54, amount)
    }

    /// Sets the country code (58), ISO 3166-1 alpha-2 such as `"CN"`.
    pub fn country(&mut self, alpha2: &'a str) -> &mut Self {
        self.set(58, alpha2)
    }

    /// Sets the merchant name (59).
    pub fn merchant_name(&mut self, name: &'a str) -> &mut Self {
        self.set(59, name)
    }

    /// Sets the merchant city (60).
    pub fn merchant_city(&mut self, city: &'a str) -> &mut Self {
        self.set(60, city)
    }

    /// Sets the postal code (61).
    pub fn postal_code(&mut self, code: &'a str) -> &mut Self {
        self.set(61, code)
    }

    /// Sets the additional data field template (62) from its sub-objects.
    pub fn additional_data(&mut self, objects: &'a [(u8, &'a str)]) -> &mut Self {
        self.template(62, objects)
    }

    /// Sets the language template (64) from its sub-objects.
    pub fn language(&mut self, objects: &'a [(u8, &'a str)]) -> &mut Self {
        self.template(64, objects)
    }

    /// Returns the byte offset at which root object `id` would start in the payload this
    /// builder writes (objects are written in ID order), to name a field that cannot be
    /// written at all.
    pub(crate) fn offset_of(&self, id: u8) -> usize {
        let size = |v: &str| v.len().saturating_add(4);
        self.slots
            .iter()
            .take(usize::from(id))
            .map(|slot| match *slot {
                Slot::Empty => 0,
                Slot::Value(v) => size(v),
                Slot::Template(objects) => objects
                    .iter()
                    .fold(4usize, |n, &(_, v)| n.saturating_add(size(v))),
            })
            .fold(0usize, usize::saturating_add)
    }

    /// Writes the payload into `buf` and checks it, returning the text.
    ///
    /// # Errors
    ///
    /// - [`EncodeError::Invalid`] with the first violation, if the payload would break a rule
    ///   (a missing mandatory object, a value of the wrong format, a reserved ID);
    /// - [`EncodeError::ValueTooLong`] if a value or template is over 99 characters;
    /// - [`EncodeError::IdOutOfRange`] for an ID or template sub-ID over 99;
    /// - [`EncodeError::BufferTooSmall`] if `buf` cannot hold it ([`Builder::MAX_LEN`] bytes
    ///   always can, for a payload that is otherwise valid).
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, EncodeError> {
        if let Some(id) = self.bad_id {
            return Err(EncodeError::IdOutOfRange { id });
        }
        let mut w = Writer::new(buf);
        for (id, slot) in (0u8..).zip(self.slots.iter()) {
            let path = ObjectPath::root(id);
            match *slot {
                Slot::Empty => {}
                Slot::Value(v) => w.object(path, v, LengthUnit::Chars)?,
                Slot::Template(objects) => {
                    let mut inner = [0u8; 99 * 4];
                    let mut t = Writer::new(&mut inner);
                    for &(sub, v) in objects {
                        t.object(path.child(sub), v, LengthUnit::Chars)?;
                    }
                    let found = t.len();
                    let value = t
                        .finish()
                        .map_err(|_| EncodeError::ValueTooLong { path, found })?;
                    w.object(path, value, LengthUnit::Chars)?;
                }
            }
        }
        w.crc();
        let text = w.finish()?;
        let payload = match ParseOptions::new().parse(text) {
            Ok(p) => p,
            Err(e) => return Err(EncodeError::Invalid(e.into())),
        };
        match Findings::first(|sink| payload.validate_with(sink)) {
            Some(v) => Err(EncodeError::Invalid(v)),
            None => Ok(text),
        }
    }

    /// Writes the payload into a new `String`; see [`encode_into`](Self::encode_into).
    ///
    /// # Errors
    ///
    /// As [`encode_into`](Self::encode_into), except that the buffer is never too small.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::mpm::{Builder, Payload};
    /// let acct = [(0, "com.example.pay"), (1, "M-1")];
    /// let mut b = Builder::new();
    /// b.template(26, &acct).merchant_category_code("5812").currency("156").country("CN")
    ///     .merchant_name("NOODLES").merchant_city("BEIJING");
    /// let s = b.to_payload_string()?;
    /// assert!(Payload::parse(&s)?.is_conformant());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn to_payload_string(&self) -> Result<String, EncodeError> {
        let mut buf = alloc::vec![0u8; Self::MAX_LEN.saturating_mul(8)];
        self.encode_into(&mut buf).map(String::from)
    }
}
