//! `paycode convert`: legacy codes into one unified code, and a unified code back into them.

use std::process::ExitCode;

use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::unified::{Amount, Merchant, from_unified, to_unified};

use crate::out::{complain, say, shown};
use crate::{ConvertArgs, Target};

pub(crate) fn run(a: &ConvertArgs) -> ExitCode {
    let reveal = a.reveal;
    match a.to {
        Target::Unified => {
            let mut parsed = Vec::new();
            for c in &a.codes {
                match LegacyCode::parse(c) {
                    Ok(l) => parsed.push(l),
                    Err(e) => {
                        complain(&format!("paycode: {}: {e}", shown(c, reveal)));
                        return ExitCode::from(1);
                    }
                }
            }
            let merchant = Merchant {
                name: a.name.as_deref(),
                city: a.city.as_deref(),
                mcc: a.mcc.as_deref(),
                amount: a.amount.as_deref().map(Amount::Decimal),
                ..Default::default()
            };
            let mut buf = [0u8; 1024];
            match to_unified(&parsed, &merchant, &mut buf) {
                Ok(s) => {
                    if let Err(code) = say(&shown(s, reveal)) {
                        return code;
                    }
                    match &a.qr {
                        Some(path) => {
                            crate::qr::write(s, None, crate::qr::Level::M, 8, Some(path), reveal)
                        }
                        None => ExitCode::SUCCESS,
                    }
                }
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    ExitCode::from(1)
                }
            }
        }
        Target::Legacy => {
            let [payload] = a.codes.as_slice() else {
                complain("paycode: convert --to legacy: give exactly one payload");
                return ExitCode::from(2);
            };
            let p = match Payload::parse(payload) {
                Ok(p) => p,
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    return ExitCode::from(1);
                }
            };
            let mut found = Vec::new();
            match from_unified(&p, &mut |c| found.push(c.to_owned())) {
                Ok(()) if !found.is_empty() => {
                    for c in &found {
                        match say(&shown(c, reveal)) {
                            Ok(true) => {}
                            // A closed pipe: stop quietly.
                            Ok(false) => break,
                            Err(code) => return code,
                        }
                    }
                    ExitCode::SUCCESS
                }
                Ok(()) => {
                    complain("paycode: the payload carries no legacy code");
                    ExitCode::from(1)
                }
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    ExitCode::from(1)
                }
            }
        }
    }
}
