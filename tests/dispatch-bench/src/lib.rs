//! One tiny function in every dispatch mode (`#[multiversion(dispatch = …)]`), called by the
//! `dispatch` bench: what a call costs in each, built as a user's release build is (perfattr
//! with `patch`, no counters, no testing helpers). Run with
//! `cargo bench -p perfattr-dispatch-bench`.

use perfattr::multiversion;

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The default: a cached function pointer (compile time with `-C target-cpu`).
#[multiversion(avx2, sse4)]
#[must_use]
pub fn mix_auto(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// A jump patched before `main` straight to the selected clone.
#[multiversion(avx2, sse4, dispatch = patched)]
#[must_use]
pub fn mix_patched(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// The cached clone index, tested on every call.
#[multiversion(avx2, sse4, dispatch = branch)]
#[must_use]
pub fn mix_branch(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// The clone the build's target features allow (here the fallback unless built with
/// `-C target-cpu`): no dispatch at all.
#[multiversion(avx2, sse4, dispatch = compile_time)]
#[must_use]
pub fn mix_compile_time(x: u64) -> u64 {
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// A generic function: the cached clone index by default.
#[multiversion(avx2, sse4)]
#[must_use]
pub fn mix_generic<T: Into<u64>>(x: T) -> u64 {
    let x = x.into();
    x.wrapping_mul(MIX) ^ (x >> 29)
}

/// A generic function, patched: every instantiation's call sites are patched.
#[multiversion(avx2, sse4, dispatch = patched)]
#[must_use]
pub fn mix_generic_patched<T: Into<u64>>(x: T) -> u64 {
    let x = x.into();
    x.wrapping_mul(MIX) ^ (x >> 29)
}
