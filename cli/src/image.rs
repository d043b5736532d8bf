//! `decode --image`: the QR symbols of PNG and JPEG photos and scans, each read as any other
//! input. A decoder that panics on a hostile image costs that image, not the run.

use std::path::Path;
use std::sync::Once;

/// What was read from one image: the symbols' texts, in the order found, or why none.
pub(crate) enum Read {
    Symbols(Vec<String>),
    Unreadable(String),
}

/// The panic message of a decoder that gave up on a hostile image is not the user's concern:
/// it is reported as an unreadable image.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_DECODER.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
}

thread_local! {
    static IN_DECODER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The longest side of an image read, in pixels: a 100-megapixel photo.
const MAX_SIDE: u32 = 10_000;

/// Reads every QR symbol of the image at `path`.
pub(crate) fn read(path: &Path) -> Read {
    let mut reader = match image::ImageReader::open(path).and_then(|r| r.with_guessed_format()) {
        Ok(r) => r,
        Err(e) => return Read::Unreadable(e.to_string()),
    };
    // A photo is some thousands of pixels a side; a file that declares more would take
    // gigabytes to decode.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = match reader.decode() {
        Ok(img) => img,
        Err(e) => return Read::Unreadable(format!("not a PNG or JPEG image: {e}")),
    };
    let luma = img.to_luma8();
    let (w, h) = luma.dimensions();
    quiet_panics();
    IN_DECODER.with(|c| c.set(true));
    let found = std::panic::catch_unwind(|| paycode_photos::symbols(luma.as_raw(), w, h));
    IN_DECODER.with(|c| c.set(false));
    match found {
        Ok(texts) if !texts.is_empty() => Read::Symbols(texts),
        Ok(_) => Read::Unreadable("no QR symbol found in the image".to_owned()),
        Err(_) => Read::Unreadable("the QR decoder gave up on the image".to_owned()),
    }
}
