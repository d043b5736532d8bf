//! What a move of a parsed payload costs where its destination falls: `Payload` is 320 bytes,
//! and a move of it is a call to `memcpy`. This copies 320 bytes into a buffer at every 32-byte
//! offset around a 4 KiB page boundary, from sources of four alignments, and prints the time
//! per copy. It shows why `Payload` is 64-byte aligned (BENCHMARKS.md, "Where the stack
//! falls"). Run with `cargo bench --bench page_copy`; nothing asserts a time.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Instant;

const SIZE: usize = 320;
const CALLS: u32 = 1_000_000;

#[inline(never)]
fn copy(dst: &mut [u8], src: &[u8]) {
    dst.copy_from_slice(src);
}

/// The first offset in `buf` that is a multiple of `align`.
fn aligned(buf: &[u8], align: usize) -> usize {
    (align - buf.as_ptr() as usize % align) % align
}

fn main() {
    let mut dst = vec![0u8; 4 * 4096];
    // A page boundary with room on both sides.
    let page = aligned(&dst, 4096) + 4096;
    let src = vec![7u8; 2 * 4096];
    let src_base = aligned(&src, 4096) + 1024;
    println!("ns per {SIZE}-byte copy, by the destination's offset from a page boundary");
    for src_align in [0, 8, 16, 32] {
        let from = &src[src_base + src_align..][..SIZE];
        for dst_skew in [0, 8] {
            let mut line = format!("source 64n+{src_align:<2}, destination 32n+{dst_skew}:");
            for off in (-(SIZE as isize)..=32).step_by(32) {
                let at = page.checked_add_signed(off).unwrap() + dst_skew;
                let to = &mut dst[at..at + SIZE];
                let start = Instant::now();
                for _ in 0..CALLS {
                    copy(black_box(&mut *to), black_box(from));
                }
                let ns = start.elapsed().as_nanos() as f64 / f64::from(CALLS);
                line += &format!(" {:+}:{ns:.1}", off + dst_skew as isize);
            }
            println!("{line}");
        }
    }
}
