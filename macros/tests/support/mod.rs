//! The macros' implementation compiled into a test crate. A proc-macro crate can export only its
//! macros, so the tests include its modules by path (the same files `src/lib.rs` declares) and
//! call each attribute's expansion directly, through proc-macro2, outside the compiler.

#![allow(dead_code, reason = "each test uses part of the implementation")]

#[path = "../../src/bench/mod.rs"]
pub mod bench;
#[path = "../../src/body/mod.rs"]
pub mod body;
#[path = "../../src/common/mod.rs"]
pub mod common;
#[path = "../../src/fallback.rs"]
pub mod fallback;
#[path = "../../src/hint/mod.rs"]
pub mod hint;
#[path = "../../src/multiversion/mod.rs"]
pub mod multiversion;

/// Each attribute by name, with its expansion.
pub const ATTRIBUTES: [(&str, fallback::Expand); 4] = [
    ("hot", hint::hot),
    ("cold_path", hint::cold_path),
    ("multiversion", multiversion::expand),
    ("bench_this", bench::expand),
];

/// The expansion of the attribute `name`.
///
/// # Panics
/// If `name` is not one of perfattr's attributes.
pub fn expansion(name: &str) -> fallback::Expand {
    ATTRIBUTES
        .iter()
        .find(|(known, _)| *known == name)
        .unwrap_or_else(|| panic!("not a perfattr attribute: {name}"))
        .1
}
