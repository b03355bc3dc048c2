//! The three feature sets dispatch reads, cached in atomics: what the CPU has (detected), what
//! `PERFATTR_DISABLE` leaves of it (usable), and what dispatch uses now (active: usable, or a
//! level a testing or bench helper forces).

use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use core::sync::atomic::{AtomicU8, AtomicU64};

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

/// The features dispatch may use: usable, or a forced level. [`UNINIT`] until detection ran.
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
    ACTIVE.load()
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
    load(&ACTIVE)
}

/// Sets the active features (a testing or bench helper forcing a level, or putting it back).
/// Callers pass a subset of [`usable`], so the active set never holds a feature the CPU lacks.
#[cfg(any(feature = "testing", feature = "bench"))]
pub fn set_active(features: Features) {
    ACTIVE.store(features.0);
}

/// Whether detection ran: not yet, running (in one thread), done.
static STARTED: AtomicU8 = AtomicU8::new(0);
const RUNNING: u8 = 1;
const DONE: u8 = 2;

/// Detects the CPU's features and applies `PERFATTR_DISABLE`, once: the first caller detects
/// while others wait, so the sets are complete when any caller returns and nothing can store
/// over a level a testing helper forces afterwards.
pub fn initialize() {
    match STARTED.compare_exchange(0, RUNNING, Acquire, Acquire) {
        Ok(_) => {
            let detected = detect();
            let usable = detected.without(disabled_by_env());
            DETECTED.store(detected.0);
            USABLE.store(usable.0);
            ACTIVE.store(usable.0);
            STARTED.store(DONE, Release);
        }
        Err(_) => {
            while STARTED.load(Acquire) != DONE {
                core::hint::spin_loop();
            }
        }
    }
}
