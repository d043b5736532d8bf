//! A small merchant service: it takes a merchant's WeChat Pay and Alipay codes and the shop's
//! Chinese name, issues the shop's static unified code (printed once, at the till), then for
//! each order a dynamic code for the order's amount in fen. Every code is read back to show
//! that it parses, conforms and still carries both wallets' codes.
//!
//! ```sh
//! cargo run --example merchant
//! ```
//!
//! The sample data is built in; a real service would load the shop from its database. Codes
//! here are for parsing, never to pay.

use std::process::ExitCode;

use paycode::legacy::LegacyCode;
use paycode::mpm::{Builder, Payload};
use paycode::unified::{
    AlternateLanguage, Amount, Merchant, from_unified, to_unified, with_amount,
};

/// What the service knows of a shop.
struct Shop {
    wechat: &'static str,
    alipay: &'static str,
    /// The name and city as printed on the sign, in Chinese.
    name_zh: &'static str,
    city_zh: &'static str,
    /// The name and city in Latin letters: objects 59 and 60 are ASCII only.
    name: &'static str,
    city: &'static str,
    mcc: &'static str,
}

const SHOP: Shop = Shop {
    wechat: "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    alipay: "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
    name_zh: "老王面馆",
    city_zh: "北京",
    name: "LAO WANG MIAN GUAN",
    city: "BEIJING",
    mcc: "5814", // fast food restaurants
};

/// Today's orders: an order number and its amount in fen.
const ORDERS: [(&str, u64); 3] = [("A-1001", 1234), ("A-1002", 2800), ("A-1003", 5)];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("merchant: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let codes = [
        LegacyCode::parse(SHOP.wechat)?,
        LegacyCode::parse(SHOP.alipay)?,
    ];
    let merchant = Merchant {
        name: Some(SHOP.name),
        city: Some(SHOP.city),
        mcc: Some(SHOP.mcc),
        currency: Some("CNY"),
        alternate: Some(AlternateLanguage {
            language: "zh",
            name: SHOP.name_zh,
            city: Some(SHOP.city_zh),
        }),
        ..Merchant::default()
    };

    // The static code: no amount, the payer types it in.
    let mut static_buf = [0u8; Builder::MAX_LEN];
    let fixed = to_unified(&codes, &merchant, &mut static_buf)?;
    println!("static code for {} ({}):", SHOP.name_zh, SHOP.name);
    println!("  {fixed}");
    let shop_code = Payload::parse(fixed)?;
    read_back(&shop_code)?;

    // Per order, the dynamic code: the static code with the amount (54) set and 01 = 12.
    for (order, fen) in ORDERS {
        let mut buf = [0u8; Builder::MAX_LEN];
        let code = with_amount(&shop_code, Amount::Minor(fen), &mut buf)?;
        println!("order {order}, {fen} fen:");
        println!("  {code}");
        read_back(&Payload::parse(code)?)?;
    }

    // An order code that also names the order (62.05), issued from the merchant's data.
    let (order, fen) = ORDERS[0];
    let with_reference = Merchant {
        amount: Some(Amount::Minor(fen)),
        reference: Some(order),
        ..merchant
    };
    let mut buf = [0u8; Builder::MAX_LEN];
    let code = to_unified(&codes, &with_reference, &mut buf)?;
    println!("order {order} with its reference label:");
    println!("  {code}");
    read_back(&Payload::parse(code)?)?;

    // What the library refuses, and how it says so: a Chinese name where ASCII belongs.
    let wrong = Merchant {
        name: Some(SHOP.name_zh),
        ..merchant
    };
    if let Err(e) = to_unified(&codes, &wrong, &mut buf) {
        println!("refused, as it should be: {e}");
    }
    Ok(())
}

/// Reads a code back as a wallet would, and says what it found.
fn read_back(p: &Payload<'_>) -> Result<(), Box<dyn std::error::Error>> {
    let amount = match (p.amount(), p.currency()) {
        (Some(a), Some(c)) => format!("{} {}", a.as_str(), c.alpha()),
        _ => String::from("entered by the payer"),
    };
    let name_zh = p
        .language_template()
        .transpose()?
        .and_then(|t| t.get(1))
        .map_or("", |o| o.value());
    let mut wallets = Vec::new();
    from_unified(p, &mut |code| wallets.push(code.to_owned()))?;
    println!(
        "  -> parses; conformant: {}; {:?}; {}; {} / {}; carries {}",
        p.is_conformant(),
        p.initiation().unwrap_or(paycode::mpm::Initiation::Other),
        amount,
        p.merchant_name().unwrap_or(""),
        name_zh,
        wallets.join(" and "),
    );
    if let Some(v) = p.validate().into_iter().next() {
        return Err(v.into());
    }
    Ok(())
}
