#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]
#![warn(clippy::std_instead_of_core, clippy::alloc_instead_of_core)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod alipay_plus;
pub mod checksum;
pub mod codes;
pub mod cpm;
mod error;
#[rustfmt::skip]
mod rule;
pub mod legacy;
pub mod mask;
pub mod mpm;
pub mod numeric;
#[cfg(feature = "qr")]
pub mod qr;
pub mod registry;
#[cfg(all(feature = "serde", feature = "alloc"))]
pub mod report;
pub mod route;
pub mod scan;
#[cfg(feature = "serde")]
mod serde_impl;
pub mod unified;

pub use error::{
    Base64Fault, BufferTooSmall, Error, Location, ObjectPath, Rule, TwoChars, UnknownRule,
};
