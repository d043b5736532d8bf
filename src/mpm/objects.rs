//! What the standard says of each data object: its name, format and length limits
//! (`spec/mpm.md`, tables M1 to M4, after EMVCo MPM v1.1 Tables 3.6 to 3.8 and 4.2).

use crate::error::ObjectPath;

/// The character set a value must use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Digits `0`-`9` (rule `MPM-FMT-1`).
    N,
    /// Printable ASCII, 0x20-0x7E (rule `MPM-FMT-2`).
    Ans,
    /// Any Unicode text.
    S,
}

/// The entry for one data object in the tables of `spec/mpm.md`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    pub(crate) name: &'static str,
    pub(crate) format: Format,
    pub(crate) min: usize,
    pub(crate) max: usize,
    /// Reserved for future use: must not be present (`MPM-RFU-1`).
    pub(crate) rfu: bool,
}

const fn spec(name: &'static str, format: Format, min: usize, max: usize) -> Spec {
    Spec {
        name,
        format,
        min,
        max,
        rfu: false,
    }
}

const fn rfu(name: &'static str) -> Spec {
    Spec {
        name,
        format: Format::S,
        min: 1,
        max: 99,
        rfu: true,
    }
}

/// How the children of a template are described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    // In the order of `Check::get`'s tables.
    Root,
    /// 26-51, 80-99 and 62.50-99: a GUI under 00, network-specific data under 01-99.
    Account,
    /// 62.
    AdditionalData,
    /// 64.
    Language,
}

/// Returns which context the children of the template at `path` live in, or `None` if the
/// object at `path` is not a template.
pub(crate) fn template_context(path: ObjectPath) -> Option<Context> {
    match path.ids() {
        [26..=51 | 80..=99] => Some(Context::Account),
        [62] => Some(Context::AdditionalData),
        [64] => Some(Context::Language),
        [62, 50..=99] => Some(Context::Account),
        _ => None,
    }
}

/// Returns the table entry of data object `id` within `context`.
pub(crate) const fn spec_of(context: Context, id: u8) -> Spec {
    use Format::{Ans, N, S};
    match context {
        Context::Root => match id {
            0 => spec("Payload Format Indicator", N, 2, 2),
            1 => spec("Point of Initiation Method", N, 2, 2),
            2..=3 => spec("Merchant Account Information (Visa)", Ans, 1, 99),
            4..=5 => spec("Merchant Account Information (Mastercard)", Ans, 1, 99),
            6..=8 | 17..=25 => spec("Merchant Account Information (EMVCo)", Ans, 1, 99),
            9..=10 => spec("Merchant Account Information (Discover)", Ans, 1, 99),
            11..=12 => spec("Merchant Account Information (Amex)", Ans, 1, 99),
            13..=14 => spec("Merchant Account Information (JCB)", Ans, 1, 99),
            15..=16 => spec("Merchant Account Information (UnionPay)", Ans, 1, 99),
            26..=51 => spec("Merchant Account Information (template)", S, 1, 99),
            52 => spec("Merchant Category Code", N, 4, 4),
            53 => spec("Transaction Currency", N, 3, 3),
            54 => spec("Transaction Amount", Ans, 1, 13),
            55 => spec("Tip or Convenience Indicator", N, 2, 2),
            56 => spec("Value of Convenience Fee Fixed", Ans, 1, 13),
            57 => spec("Value of Convenience Fee Percentage", Ans, 1, 5),
            58 => spec("Country Code", Ans, 2, 2),
            59 => spec("Merchant Name", Ans, 1, 25),
            60 => spec("Merchant City", Ans, 1, 15),
            61 => spec("Postal Code", Ans, 1, 10),
            62 => spec("Additional Data Field Template", S, 1, 99),
            63 => spec("CRC", Ans, 4, 4),
            64 => spec("Merchant Information - Language Template", S, 1, 99),
            65..=79 => rfu("RFU for EMVCo"),
            _ => spec("Unreserved Template", S, 1, 99),
        },
        Context::Account => match id {
            0 => spec("Globally Unique Identifier", Ans, 1, 32),
            _ => spec("Payment network specific", S, 1, 99),
        },
        Context::AdditionalData => match id {
            // EMVCo allocates nothing at 62.00; QR Ph puts a GUI there. Unallocated is not RFU.
            0 => spec("Globally Unique Identifier (national use)", S, 1, 99),
            1 => spec("Bill Number", Ans, 1, 25),
            2 => spec("Mobile Number", Ans, 1, 25),
            3 => spec("Store Label", Ans, 1, 25),
            4 => spec("Loyalty Number", Ans, 1, 25),
            5 => spec("Reference Label", Ans, 1, 25),
            6 => spec("Customer Label", Ans, 1, 25),
            7 => spec("Terminal Label", Ans, 1, 25),
            8 => spec("Purpose of Transaction", Ans, 1, 25),
            9 => spec("Additional Consumer Data Request", Ans, 1, 3),
            10 => spec("Merchant Tax ID", Ans, 1, 20),
            11 => spec("Merchant Channel", Ans, 3, 3),
            50..=99 => spec("Payment System specific template", S, 1, 99),
            _ => rfu("RFU for EMVCo"),
        },
        Context::Language => match id {
            0 => spec("Language Preference", Ans, 2, 2),
            1 => spec("Merchant Name - Alternate Language", S, 1, 25),
            2 => spec("Merchant City - Alternate Language", S, 1, 15),
            _ => rfu("RFU for EMVCo"),
        },
    }
}

/// What validation checks of one object, from its table entry and its context: looked up once
/// per object, from a table built at compile time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check {
    pub(crate) format: Format,
    pub(crate) min: u8,
    pub(crate) max: u8,
    pub(crate) rfu: bool,
    /// Whether a rule constrains the value beyond format and length (`validate.rs`, `value`).
    pub(crate) value_rule: bool,
    /// For a template, the context its children live in.
    pub(crate) template: Option<Context>,
}

impl Check {
    const fn of(context: Context, id: u8) -> Check {
        let spec = spec_of(context, id);
        let value_rule = match context {
            Context::Root => matches!(id, 0 | 1 | 53..=58 | 63),
            Context::AdditionalData => matches!(id, 9 | 11),
            Context::Language => id == 0,
            Context::Account => false,
        };
        let template = match (context, id) {
            (Context::Root, 26..=51 | 80..=99) | (Context::AdditionalData, 50..=99) => {
                Some(Context::Account)
            }
            (Context::Root, 62) => Some(Context::AdditionalData),
            (Context::Root, 64) => Some(Context::Language),
            _ => None,
        };
        // Every limit in the tables is at most 99.
        #[allow(clippy::cast_possible_truncation)]
        Check {
            format: spec.format,
            min: spec.min as u8,
            max: spec.max as u8,
            rfu: spec.rfu,
            value_rule,
            template,
        }
    }

    /// The checks of every ID in `context`, computed by the compiler.
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    const fn table(context: Context) -> [Check; 100] {
        let mut t = [Check::of(context, 0); 100];
        let mut id = 0;
        // Evaluated at compile time: an index out of bounds would fail the build.
        while id < 100 {
            t[id as usize] = Check::of(context, id);
            id += 1;
        }
        t
    }

    /// Returns the checks of object `id` (two digits, so below 100) in `context`.
    #[inline]
    pub(crate) fn get(context: Context, id: u8) -> Option<&'static Check> {
        static TABLES: [[Check; 100]; 4] = [
            Check::table(Context::Root),
            Check::table(Context::Account),
            Check::table(Context::AdditionalData),
            Check::table(Context::Language),
        ];
        TABLES.get(context as usize)?.get(usize::from(id))
    }
}

/// Returns the spec entry for the object at `path`, looking up the context of its parent.
pub(crate) fn spec_at(path: ObjectPath) -> Spec {
    let ids = path.ids();
    let context = match ids.split_last() {
        Some((_, [])) | None => Context::Root,
        Some((_, parent)) => {
            let mut p = ObjectPath::root(parent.first().copied().unwrap_or(0));
            for &id in parent.iter().skip(1) {
                p = p.child(id);
            }
            template_context(p).unwrap_or(Context::Account)
        }
    };
    spec_of(context, path.id())
}

/// Returns the standard's name of the data object at `path`, such as `"Merchant Name"` for
/// `59` or `"Reference Label"` for `62.05`.
///
/// # Examples
///
/// ```
/// use paycode::{ObjectPath, mpm::object_name};
/// assert_eq!(object_name(ObjectPath::root(59)), "Merchant Name");
/// assert_eq!(object_name(ObjectPath::root(62).child(5)), "Reference Label");
/// assert_eq!(object_name(ObjectPath::root(26).child(0)), "Globally Unique Identifier");
/// ```
#[must_use]
pub fn object_name(path: ObjectPath) -> &'static str {
    spec_at(path).name
}
