//! The anatomy of each code, for people: every object of a payload with its name, what a
//! code's issuer is, and every rule it breaks. Credentials are masked unless revealed.

use std::fmt::Write as _;

use paycode::cpm::Cpm;
use paycode::mpm::{self, Payload, Template};
use paycode::numeric::NumericCode;
use paycode::registry::Candidates;
use paycode::{ObjectPath, codes};

use crate::input::Input;
use crate::out::secret;

fn ids(c: Candidates) -> Vec<&'static str> {
    c.iter().map(|i| i.id()).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// The first lines of every anatomy: the code's number and label, and the input as shown.
pub(crate) fn header(n: usize, input: &Input, shown: &str) -> String {
    let shown = crate::out::for_terminal(shown);
    format!(
        "── code {}{}\n   {shown}\n",
        n + 1,
        input
            .label
            .as_ref()
            .map(|l| format!(": {l}"))
            .unwrap_or_default()
    )
}

/// A numeric payment code: its length, CGCP routing number and candidate issuers.
pub(crate) fn numeric(n: usize, input: &Input, text: &str, shown: &str) -> (bool, String) {
    let mut s = header(n, input, shown);
    let result = NumericCode::parse(text);
    let ok = result.is_ok();
    match result {
        Ok(c) => {
            let _ = writeln!(s, "   numeric payment code, {} digits", c.as_str().len());
            if let Some(r) = c.routing_number() {
                let _ = writeln!(s, "   CGCP routing number: {r}");
            }
            for (i, conf) in c.issuers().with_confidence() {
                let zh = i.name_zh().map(|z| format!(" {z}")).unwrap_or_default();
                let _ = writeln!(s, "   candidate: {} ({}{zh}), {conf:?}", i.id(), i.name());
            }
        }
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
        }
    }
    (ok, s)
}

/// An input of no form: why.
pub(crate) fn unknown(n: usize, input: &Input, error: &paycode::Error, shown: &str) -> String {
    format!("{}   unreadable: {error}\n", header(n, input, shown))
}

/// A legacy code: its issuer, form, scan kind, institution, and what a wrapper carries.
pub(crate) fn legacy(n: usize, input: &Input, text: &str, shown: &str) -> (bool, String) {
    let mut s = header(n, input, shown);
    let result = paycode::legacy::LegacyCode::parse(text);
    let ok = result.is_ok();
    match result {
        Ok(c) => {
            let i = c.issuer();
            let _ = writeln!(
                s,
                "   legacy code of {} ({}), form {}, scan kind {}",
                i.id(),
                i.name(),
                c.form_id(),
                i.scan_kind()
            );
            let _ = writeln!(s, "   issuers: {}", ids(c.issuers()).join(", "));
            if let Some(inst) = c.institution() {
                let _ = writeln!(s, "   institution: {inst}");
            }
            if c.pays_person() {
                s.push_str("   pays a person's account, not a merchant\n");
            }
            let mut buf = [0u8; paycode::legacy::MAX_LEN];
            if let Some(Ok(p)) = c.plain(&mut buf) {
                let _ = writeln!(
                    s,
                    "   wraps {} (form {}, issuers {})",
                    p.as_str(),
                    p.form_id(),
                    ids(p.issuers()).join(", ")
                );
            }
        }
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
        }
    }
    (ok, s)
}

/// An Alipay+ merchant code: its domain and objects.
pub(crate) fn alipay_plus(n: usize, input: &Input, text: &str, shown: &str) -> (bool, String) {
    use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN};
    let mut buf = [0u8; MAX_DECODED_LEN];
    let mut s = header(n, input, shown);
    let result = AlipayPlusMpm::parse(text, &mut buf);
    let ok = result.is_ok();
    match result {
        Ok(c) => {
            let _ = writeln!(
                s,
                "   Alipay+ merchant code on {} (the domain is as written, not vouched for)",
                c.domain()
            );
            for o in c.objects() {
                let _ = writeln!(s, "   {} {}", o.id(), o.value());
                for x in o.sub_objects().into_iter().flatten() {
                    let _ = writeln!(s, "      {} {}", x.id(), x.value());
                }
            }
        }
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
        }
    }
    (ok, s)
}

/// A consumer-presented payload: every object, the applications, and every violation. Card
/// data shows as `<masked>` unless revealed (`MASK-CPM-1`).
pub(crate) fn consumer(
    n: usize,
    input: &Input,
    text: &str,
    shown: &str,
    reveal: bool,
) -> (bool, String) {
    let mut buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
    let mut s = header(n, input, shown);
    let p = match Cpm::decode(text, &mut buf) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
            return (false, s);
        }
    };
    // The objects whose values the policy masks (MASK-CPM-1), by offset.
    let masked_at: std::collections::BTreeSet<usize> = if reveal {
        Default::default()
    } else {
        paycode::mask::cpm_objects(&p)
            .filter(|o| o.is_masked())
            .map(|o| o.tlv().offset())
            .collect()
    };
    let value = |t: &paycode::cpm::Tlv<'_>| {
        if masked_at.contains(&t.offset()) {
            "<masked>".to_owned()
        } else {
            hex(t.value())
        }
    };
    let _ = writeln!(
        s,
        "   consumer-presented, {} bytes decoded",
        p.as_bytes().len()
    );
    // Every object, nested ones indented; constructed ones list their children.
    for o in paycode::mask::cpm_objects(&p) {
        let t = o.tlv();
        let v = match t.tag() {
            _ if masked_at.contains(&t.offset()) => "<masked>".to_owned(),
            0x85 if o.depth() == 0 => String::from_utf8_lossy(t.value()).into_owned(),
            _ if t.is_constructed() => String::new(),
            _ => value(&t),
        };
        let indent = "  ".repeat(o.depth());
        let line = format!("   {indent}{:<6} {v}", format!("{:X}", t.tag()));
        s.push_str(line.trim_end());
        s.push('\n');
    }
    for a in p.applications() {
        let issuer = a
            .issuer()
            .map(|i| format!("{} ({})", i.id(), i.name()))
            .unwrap_or_else(|| "not in the registry".into());
        let aid = a.aid().map(hex).unwrap_or_default();
        let _ = writeln!(s, "   application {aid}: {issuer}");
        if let Some(pan) = a.pan() {
            let luhn = if pan.luhn_valid() { "holds" } else { "fails" };
            let _ = writeln!(s, "     PAN {}, Luhn {luhn}", secret(pan.as_str(), reveal));
        }
    }
    let violations = p.validate();
    if violations.is_empty() {
        s.push_str("   conformant\n");
    } else {
        let _ = writeln!(s, "   {} violation(s):", violations.len());
        for v in &violations {
            let _ = writeln!(
                s,
                "     - {} at byte {}: {}",
                v.rule(),
                v.offset(),
                v.kind()
            );
        }
    }
    (true, s)
}

/// A merchant-presented payload: every object with its name, then the checksum and every
/// violation. `input` holds the input as shown.
pub(crate) fn merchant(
    n: usize,
    input: &Input,
    result: &Result<Payload<'_>, paycode::mpm::Error>,
) -> String {
    let mut s = header(n, input, &String::from_utf8_lossy(&input.bytes));
    match result {
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
        }
        Ok(p) => {
            for o in p.objects() {
                line(&mut s, p, o, None, 1);
            }
            let violations = p.validate();
            if violations.is_empty() {
                let _ = writeln!(s, "   checksum {:04X} verified; conformant", p.crc());
            } else {
                let _ = writeln!(
                    s,
                    "   checksum {:04X} verified; {} violation(s):",
                    p.crc(),
                    violations.len()
                );
                for v in &violations {
                    let _ = writeln!(
                        s,
                        "     - {} at byte {}: {}",
                        v.rule(),
                        v.offset(),
                        v.kind()
                    );
                }
            }
        }
    }
    s
}

/// The object `o` (at the root, or inside `parent`) read as a template from its own span, where
/// the standard says it is one and it reads as one: with a repeated ID, each object shows what
/// it holds, not what the first object of its ID holds.
fn template_at<'a>(
    p: &Payload<'a>,
    parent: Option<&Template<'a>>,
    o: mpm::DataObject<'a>,
) -> Option<Template<'a>> {
    match parent {
        None if matches!(o.id(), 26..=51 | 62 | 64 | 80..=99) => p.template_of(o).ok(),
        Some(t) if t.path().ids() == [62] && o.id() >= 50 => t.template_of(o).ok(),
        _ => None,
    }
}

fn line<'a>(
    s: &mut String,
    p: &Payload<'a>,
    o: mpm::DataObject<'a>,
    parent: Option<&Template<'a>>,
    depth: usize,
) {
    let path = parent.map_or(ObjectPath::root(o.id()), |t| t.path().child(o.id()));
    let name = mpm::object_name(path);
    let indent = "  ".repeat(depth);
    let template = template_at(p, parent, o);
    // Notes describe this object's own value (a repeated ID shows each value's meaning).
    let v = o.value();
    let number = || Some(v).filter(|v| v.bytes().all(|b| b.is_ascii_digit()));
    let note = match (path.ids(), template) {
        (_, Some(_)) => String::new(),
        ([1], _) => match v {
            "11" => "  (static)".into(),
            "12" => "  (dynamic)".into(),
            _ => String::new(),
        },
        ([52], _) => number()
            .filter(|v| v.len() == 4)
            .and_then(|v| v.parse().ok())
            .and_then(codes::mcc_description)
            .map(|d| format!("  ({d})"))
            .unwrap_or_default(),
        ([53], _) => number()
            .filter(|v| v.len() == 3)
            .and_then(|v| v.parse().ok())
            .and_then(codes::currency)
            .map(|c| format!("  ({}, {})", c.alpha(), c.name()))
            .unwrap_or_default(),
        ([58], _) => codes::country(v)
            .map(|c| format!("  ({})", c.name()))
            .unwrap_or_default(),
        ([63], _) if o.offset() == p.crc_offset() => "  (verified)".into(),
        _ => String::new(),
    };
    let shown = if template.is_some() { "" } else { o.value() };
    let text = format!(" {indent}{:02}  {name:<44} {shown}{note}", o.id());
    let _ = writeln!(s, "{}", crate::out::for_terminal(text.trim_end()));
    if let Some(t) = template {
        for c in t.objects() {
            line(s, p, c, Some(&t), depth + 1);
        }
    }
}
