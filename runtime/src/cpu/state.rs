//! The three feature sets dispatch reads, cached in atomics: what the CPU has (detected), what
//! `PERFATTR_DISABLE` leaves of it (usable), and what dispatch uses now (active: usable, or a
//! level a testing or bench helper forces).

use core::sync::atomic::AtomicU64;
use core::sync::atomic::Ordering::Relaxed;

use super::detect::detect;
use super::disable::disabled_by_env;
use super::features::{Features, UNINIT};

/// The features dispatch may use: usable, or a forced level. [`UNINIT`] until detection ran.
static ACTIVE: AtomicU64 = AtomicU64::new(UNINIT);
/// The features the hardware has.
static DETECTED: AtomicU64 = AtomicU64::new(UNINIT);
/// Detected minus `PERFATTR_DISABLE`: what dispatch uses when no level is forced.
static USABLE: AtomicU64 = AtomicU64::new(UNINIT);

/// The active feature bits, for generated code that tests them against its targets' masks.
/// [`UNINIT`] until detection has run.
#[inline]
#[must_use]
pub fn active_bits() -> u64 {
    ACTIVE.load(Relaxed)
}

/// Reads one of the feature sets, detecting on first use.
fn load(set: &AtomicU64) -> Features {
    let mut bits = set.load(Relaxed);
    if bits & UNINIT != 0 {
        initialize();
        bits = set.load(Relaxed);
    }
    Features(bits)
}

pub fn detected() -> Features {
    load(&DETECTED)
}

pub fn usable() -> Features {
    load(&USABLE)
}

pub fn active() -> Features {
    load(&ACTIVE)
}

/// Sets the active features (a testing or bench helper forcing a level, or putting it back).
/// Callers pass a subset of [`usable`], so the active set never holds a feature the CPU lacks.
#[cfg(any(feature = "testing", feature = "bench"))]
pub fn set_active(features: Features) {
    ACTIVE.store(features.0, Relaxed);
}

/// Detects the CPU's features and applies `PERFATTR_DISABLE`. Racing threads compute the
/// same values; a level forced by a testing helper is left in place.
pub fn initialize() {
    let detected = detect();
    let usable = detected.without(disabled_by_env());
    USABLE.store(usable.0, Relaxed);
    DETECTED.store(detected.0, Relaxed);
    let _ = ACTIVE.compare_exchange(UNINIT, usable.0, Relaxed, Relaxed);
}
