//! A `#![no_std]` library: hints, multiversioning and CPU detection with perfattr's
//! `default-features = false`. Built on its own (`cargo test -p perfattr-no-std-fixture`), so
//! no other workspace member turns perfattr's `std` feature back on.
#![no_std]

use perfattr::cpu::Features;

/// What perfattr detected, without std.
#[must_use]
pub fn detected() -> Features {
    perfattr::cpu::detected()
}

/// A multiversioned kernel in a `no_std` crate.
#[perfattr::multiversion(avx2, sse4)]
#[must_use]
pub fn sum(values: &[u32]) -> u32 {
    values.iter().sum()
}

/// A hinted function with a cold branch.
#[perfattr::hot]
#[must_use]
pub fn halve(x: u32) -> Option<u32> {
    if x % 2 == 1 {
        #[cold_path]
        return None;
    }
    Some(x / 2)
}
