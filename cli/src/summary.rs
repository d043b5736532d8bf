//! `decode --summary`: one line of counts at the end of a run, by form, issuer and rule.

use std::collections::BTreeMap;

use paycode::scan::{Scanned, scan};

/// Counts over the inputs of a run.
#[derive(Default)]
pub(crate) struct Summary {
    inputs: u64,
    ok: u64,
    forms: BTreeMap<&'static str, u64>,
    issuers: BTreeMap<&'static str, u64>,
    rules: BTreeMap<&'static str, u64>,
}

impl Summary {
    /// Counts one input: its form, its first issuer, and the rules it breaks (the reading
    /// error's, or every violation's).
    pub(crate) fn add(&mut self, bytes: &[u8]) {
        self.inputs += 1;
        let report = paycode::report::Report::new(bytes);
        let form = report.form().name();
        *self.forms.entry(form).or_default() += 1;
        let mut rule = |r: paycode::Rule| *self.rules.entry(r.id()).or_default() += 1;
        let Ok(text) = std::str::from_utf8(bytes) else {
            rule(paycode::Rule::MpmUtf1);
            return;
        };
        let mut buf = [0u8; 2048];
        let scanned = scan(text, &mut buf);
        match scanned {
            Scanned::NotPayment { error, .. } => {
                if let Some(r) = error.rule() {
                    rule(r);
                }
                return;
            }
            Scanned::Mpm(p) => p.validate_with(&mut |v| rule(v.rule())),
            Scanned::Cpm(p) => p.validate_with(&mut |v| rule(v.rule())),
            _ => {}
        }
        self.ok += 1;
        if let Some(i) = scanned.issuers().first() {
            *self.issuers.entry(i.id()).or_default() += 1;
        }
    }

    /// Counts an input that yielded no code at all (an image without a readable symbol).
    pub(crate) fn add_unreadable(&mut self) {
        self.inputs += 1;
        *self.forms.entry("unknown").or_default() += 1;
    }

    /// `summary: 12 inputs, 11 ok; forms: legacy 7, numeric 5; issuers: …; rules: …`.
    pub(crate) fn line(&self) -> String {
        fn counts(m: &BTreeMap<&'static str, u64>) -> String {
            if m.is_empty() {
                return "none".to_owned();
            }
            let mut v: Vec<_> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v.iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        format!(
            "summary: {} inputs, {} ok; forms: {}; issuers: {}; rules broken: {}",
            self.inputs,
            self.ok,
            counts(&self.forms),
            counts(&self.issuers),
            counts(&self.rules)
        )
    }
}
