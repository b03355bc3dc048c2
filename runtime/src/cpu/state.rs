//! The three feature sets dispatch reads, cached in atomics: what the CPU has (detected), what
//! `PERFATTR_DISABLE` leaves of it (usable), and what dispatch uses now (active: usable, or a
//! level a testing or bench helper forces). No lock: see [`initialize`].

use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use core::sync::atomic::{AtomicBool, AtomicU64};

use super::detect::detect;
use super::disable::disabled_by_env;
use super::features::{Features, UNINIT};

/// A 128-bit feature set in two atomic words (there is no stable 128-bit atomic). The high word
/// holds [`UNINIT`]'s bit; it is written after the low word (release) and read before it
/// (acquire), so a reader that sees a set high word sees the low word stored with it. Sets are
/// only ever replaced by subsets of what the CPU has, so a reader that mixes the words of two
/// such sets (a testing helper forcing a level meanwhile) still sees only features the CPU has.
struct AtomicFeatures {
    high: AtomicU64,
    low: AtomicU64,
}

impl AtomicFeatures {
    const fn uninit() -> AtomicFeatures {
        AtomicFeatures {
            high: AtomicU64::new(split(UNINIT).0),
            low: AtomicU64::new(0),
        }
    }

    #[inline]
    fn load(&self) -> u128 {
        let high = self.high.load(Acquire);
        let low = self.low.load(Relaxed);
        (u128::from(high) << 64) | u128::from(low)
    }

    fn store(&self, bits: u128) {
        let (high, low) = split(bits);
        self.low.store(low, Relaxed);
        self.high.store(high, Release);
    }
}

/// The high and low words of `bits`.
const fn split(bits: u128) -> (u64, u64) {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the two halves, on purpose"
    )]
    ((bits >> 64) as u64, bits as u64)
}

/// A level a testing or bench helper forces; [`UNINIT`] when none was ever forced (dispatch then
/// uses [`USABLE`]). Only the helpers write it, after detection: a first call never does.
static ACTIVE: AtomicFeatures = AtomicFeatures::uninit();
/// The features the hardware has.
static DETECTED: AtomicFeatures = AtomicFeatures::uninit();
/// Detected minus `PERFATTR_DISABLE`: what dispatch uses when no level is forced.
static USABLE: AtomicFeatures = AtomicFeatures::uninit();

/// The active feature bits, for generated code that tests them against its targets' masks.
/// [`UNINIT`] until detection has run.
#[inline]
#[must_use]
pub fn active_bits() -> u128 {
    let forced = ACTIVE.load();
    if forced & UNINIT == 0 {
        forced
    } else {
        USABLE.load()
    }
}

/// Reads one of the feature sets, detecting on first use.
fn load(set: &AtomicFeatures) -> Features {
    let mut bits = set.load();
    if bits & UNINIT != 0 {
        initialize();
        bits = set.load();
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
    let bits = active_bits();
    if bits & UNINIT == 0 {
        Features(bits)
    } else {
        usable()
    }
}

/// Sets the active features (a testing or bench helper forcing a level, or putting it back).
/// Callers pass a subset of [`usable`], so the active set never holds a feature the CPU lacks.
#[cfg(any(feature = "testing", feature = "bench"))]
pub fn set_active(features: Features) {
    initialize();
    ACTIVE.store(features.0);
}

/// Whether some caller already said what is wrong with `PERFATTR_DISABLE`.
static WARNED: AtomicBool = AtomicBool::new(false);

/// Detects the CPU's features and applies `PERFATTR_DISABLE`, when that has not been done yet.
///
/// Lock-free on purpose: every caller that finds the sets missing detects and stores them
/// itself (`cpuid` and one read of the environment; they store the same values, word by word,
/// and nobody else writes these two sets). Nothing waits for another thread, so a signal
/// handler that interrupts the thread's own first call, or the child of a `fork` that happened
/// while another thread detected, calls on instead of waiting for a detection that cannot end.
/// A forced level lives in its own set ([`ACTIVE`]), which no detection overwrites.
pub fn initialize() {
    if USABLE.load() & UNINIT == 0 {
        return;
    }
    let detected = detect();
    let usable = detected.without(disabled_by_env(&WARNED));
    DETECTED.store(detected.0);
    USABLE.store(usable.0);
}
