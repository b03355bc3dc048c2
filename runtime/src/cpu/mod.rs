//! CPU feature detection: the feature table, feature sets, and the sets detected once and
//! cached (the public surface; the children hold the parts).
//!
//! On `x86` and `x86_64` perfattr runs `cpuid` and `xgetbv` itself (checking, as std does, that
//! the OS saves the AVX and AVX-512 registers), so detection works in `#![no_std]` crates
//! built with `default-features = false`. On other architectures it uses std's detection
//! (feature `std`), or only what was enabled at compile time without it.
//!
//! ```
//! let features = perfattr::cpu::detected();
//! println!("this CPU: {features}");
//! if perfattr::cpu::supports("avx2") {
//!     assert!(features.contains("avx"), "avx2 implies avx");
//! }
//! ```

mod detect;
pub(crate) mod disable;
pub(crate) mod features;
pub(crate) mod identity;
pub(crate) mod state;
mod table;
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
mod x86;

pub use features::{Features, compile_time};
pub use identity::{Brand, Identity, identity};
pub use table::{Arch, FEATURES, Feature, bit};

/// The features this CPU and OS support, detected once and cached. Not affected by
/// `PERFATTR_DISABLE` or by the testing helpers (see [`usable`] and [`active`]).
///
/// ```
/// println!("this CPU: {}", perfattr::cpu::detected());
/// # #[cfg(target_arch = "x86_64")]
/// assert!(perfattr::cpu::detected().contains("sse2"));
/// ```
#[must_use]
pub fn detected() -> Features {
    state::detected()
}

/// [`detected`] minus the features the `PERFATTR_DISABLE` environment variable masks (and
/// everything that implies them), read once at first use. Dispatch uses this set unless a
/// testing helper forces a level.
///
/// ```
/// let usable = perfattr::cpu::usable();
/// assert!(perfattr::cpu::detected().contains_all(usable));
/// ```
#[must_use]
pub fn usable() -> Features {
    state::usable()
}

/// The features dispatch uses right now: [`usable`], or, while a `perfattr::testing` helper
/// runs, the level it forces.
///
/// ```
/// // Outside the testing helpers, dispatch uses every usable feature.
/// println!("dispatching on: {}", perfattr::cpu::active());
/// ```
#[must_use]
pub fn active() -> Features {
    state::active()
}

/// Whether feature `name` (a Rust `target_feature` name such as `"avx2"`) is detected on this
/// CPU. Unknown names are not supported.
///
/// ```
/// # #[cfg(target_arch = "x86_64")]
/// assert!(perfattr::cpu::supports("sse2"), "every x86_64 CPU has SSE2");
/// assert!(!perfattr::cpu::supports("no-such-feature"));
/// ```
#[must_use]
pub fn supports(name: &str) -> bool {
    detected().contains(name)
}
