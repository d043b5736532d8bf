//! The QR symbols in a grey image, read one way for every surface that reads photos: the
//! `paycode` tool's `decode --image` and the playground's WebAssembly module. The caller
//! decodes the file (the tool with the image crate, the browser with a canvas) into 8-bit
//! luma, one byte a pixel, row by row.
//!
//! rxing may panic on a hostile image; the caller catches it (`std::panic::catch_unwind`) or,
//! in WebAssembly, recovers from the trap.

/// The texts of the QR symbols in a grey image of `w` by `h` pixels, each once, in the order
/// found: several symbols first, then one with more effort, then with one threshold for the
/// whole image (large, evenly lit symbols that the local binarizer breaks up). Empty when no
/// symbol is read, or when `luma` does not hold `w * h` bytes.
///
/// # Examples
///
/// ```
/// // A blank image holds no symbol.
/// assert!(paycode_photos::symbols(&[255; 64 * 64], 64, 64).is_empty());
/// ```
#[must_use]
pub fn symbols(luma: &[u8], w: u32, h: u32) -> Vec<String> {
    use rxing::BarcodeFormat;
    let pixels = usize::try_from(u64::from(w) * u64::from(h)).ok();
    if pixels != Some(luma.len()) || luma.is_empty() {
        return Vec::new();
    }
    let qr = |r: &rxing::RXingResult| *r.getBarcodeFormat() == BarcodeFormat::QR_CODE;
    let mut texts: Vec<String> = Vec::new();
    // An empty text is a symbol read wrongly (a payload is never empty): look further.
    fn add(texts: &mut Vec<String>, t: &str) {
        if !t.is_empty() && !texts.iter().any(|x| x == t) {
            texts.push(t.to_owned());
        }
    }
    if let Ok(results) = rxing::helpers::detect_multiple_in_luma(luma.to_vec(), w, h) {
        for r in results.iter().filter(|r| qr(r)) {
            add(&mut texts, r.getText());
        }
    }
    if texts.is_empty() {
        let mut hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
        let one = rxing::helpers::detect_in_luma_with_hints(
            luma.to_vec(),
            w,
            h,
            Some(BarcodeFormat::QR_CODE),
            &mut hints,
        );
        if let Ok(r) = one {
            add(&mut texts, r.getText());
        }
    }
    if texts.is_empty() {
        use rxing::Reader as _;
        use rxing::common::GlobalHistogramBinarizer;
        if let Ok(source) = rxing::Luma8LuminanceSource::new(luma.to_vec(), w, h) {
            let mut bitmap = rxing::BinaryBitmap::new(GlobalHistogramBinarizer::new(source));
            let hints = rxing::DecodeHints::default().with(rxing::DecodeHintValue::TryHarder(true));
            let mut reader = rxing::MultiFormatReader::default();
            if let Ok(r) = reader.decode_with_hints(&mut bitmap, &hints) {
                if qr(&r) {
                    add(&mut texts, r.getText());
                }
            }
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::symbols;

    /// A symbol drawn by the library, `scale` pixels a module with a 4-module quiet zone.
    fn drawn(text: &str, scale: usize) -> (Vec<u8>, u32) {
        let mut bufs = paycode::qr::Buffers::new();
        let symbol = paycode::qr::encode(text, paycode::qr::Ecc::M, &mut bufs).unwrap();
        let size = symbol.size();
        let side = (size + 8) * scale;
        let mut luma = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / scale, y / scale);
                let inside = (4..size + 4).contains(&mx) && (4..size + 4).contains(&my);
                if inside && symbol.module(mx - 4, my - 4) {
                    luma[y * side + x] = 0;
                }
            }
        }
        (luma, side as u32)
    }

    #[test]
    fn a_drawn_symbol_reads_back() {
        let text = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
        let (luma, side) = drawn(text, 4);
        assert_eq!(symbols(&luma, side, side), [text]);
    }

    #[test]
    fn pixels_that_do_not_fill_the_image_read_nothing() {
        let (luma, side) = drawn("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", 4);
        assert!(symbols(&luma[1..], side, side).is_empty());
        assert!(symbols(&luma, side + 1, side).is_empty());
        assert!(symbols(&[], 0, 0).is_empty());
    }
}
