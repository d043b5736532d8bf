//! The sample codes `paycode` shows when run without arguments: fixtures for parsing, never to
//! pay. Each is a vector of `spec/vectors/`.

/// (label, code).
pub(crate) const SAMPLES: &[(&str, &str)] = &[
    (
        "EMVCo MPM v1.1 Annex B.7: the spec's own example, with Chinese in template 64",
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    ),
    (
        "Pix (Brazil), static code with an amount",
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591",
    ),
    (
        "PromptPay (Thailand): readable, but without merchant name, city and MCC",
        "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
    ),
    (
        "WeChat Pay payment code (付款码), 18 digits",
        "120061098828009406",
    ),
    (
        "A 19-digit UnionPay-network payment code: UnionPay first, JD Pay also possible",
        "6236171220051893816",
    ),
    (
        "e-CNY payment code: starts with 0, kept as a string",
        "0112345678901234567",
    ),
    (
        "EMVCo CPM Annex B.1: consumer-presented, track 2, the spec's test AID",
        "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
    ),
    (
        "Consumer-presented UnionPay code with a token PAN and a transparent template",
        "hQVDUFYwMWEwTwigAAADMwEBAVoKYpJhA1hEQzVkH180AQBjFJ8mCAAAAAAAAAAAnycBgJ82AgAB",
    ),
    (
        "QRIS (Indonesia) consumer-presented code",
        "hQVDUFYwMWFFTwegAAAGAiAgUAdRUklTQ1BNWgqTYAkUMBAFMXIPXy0EaWRlbmMen3QbY2hlcXVlOjk1Njc3MjQ5NTA5MDUxODk4MDc0",
    ),
    (
        "WeChat Pay personal receipt code (legacy 收款码)",
        "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    ),
    (
        "Alipay receipt code in upper case, as printed for QR alphanumeric mode",
        "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
    ),
    (
        "UnionPay's gateway wrapping a WeChat code: read one level, both issuers named",
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    ),
    (
        "The gateway wrapping an attacker's URL: UnionPay's name is not lent to it",
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fevil.example%2Fpay",
    ),
    (
        "A China UMS aggregated code (聚合码) on the UnionPay host: UnionPay, then China UMS",
        "https://qr.95516.com/48020000/34ZZ2401011234567890123456",
    ),
    (
        "A China UMS aggregated code on its own host",
        "https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456",
    ),
    (
        "An e-CNY merchant code: the operating institution in its first three digits",
        "https://qr.pbcdci.cn/002030000000000000000000000000000000001",
    ),
    (
        "WeChat Pay's API v3 Native code",
        "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00",
    ),
    (
        "An Alipay+ merchant code (the standard's sample): objects of its own TLV",
        "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE",
    ),
    (
        "A look-alike host: never attributed",
        "https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24",
    ),
    (
        "The spec example with one letter changed and the old CRC kept: unreadable",
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEZT TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    ),
];
