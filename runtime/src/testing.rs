//! Run code on every clone: force multiversioned functions onto each target level the host
//! supports. Enable the `testing` feature from `[dev-dependencies]` only.
//!
//! ```
//! # #[cfg(target_arch = "x86_64")] {
//! #[perfattr::multiversion(avx2, sse4)]
//! fn sum(values: &[u32]) -> u32 {
//!     values.iter().sum()
//! }
//!
//! let expected = perfattr::testing::with_target("fallback", || sum(&[1, 2, 3]));
//! perfattr::testing::for_each_level(|level| {
//!     assert_eq!(sum(&[1, 2, 3]), expected, "on {level}");
//! });
//! # }
//! ```
//!
//! In a `-C target-cpu=native` build a multiversioned function calls its best clone directly
//! (compile-time dispatch). With this feature on, it gives way while a helper forces a level
//! and whenever `PERFATTR_DISABLE` masks a feature, so the helpers still run every clone the CPU
//! supports and the masks apply as in a portable build; the cost is two loads per call, in
//! builds with this feature only.
//!
//! Forcing is process-wide: while a helper runs, every thread's multiversioned calls use the
//! forced level, and helpers in concurrent tests wait for each other. The results of other
//! tests are unaffected (every clone computes the same thing), but a test that asserts which
//! clone runs should do so inside a helper.

use std::collections::BTreeSet;
use std::fmt;
use std::string::String;
use std::sync::{Mutex, PoisonError};
use std::vec::Vec;

use crate::cpu::{self, Features};
use crate::dispatch::{self, MULTIVERSIONED};

static FORCING: Mutex<()> = Mutex::new(());

/// A set of features that multiversioned functions are forced onto.
///
/// ```
/// for level in perfattr::testing::levels() {
///     println!("{level}: {}", level.features);
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The target's name, `"avx2+fma"`, or `"fallback"`.
    pub name: String,
    /// The features dispatch may use at this level.
    pub features: Features,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Every target level of the program's multiversioned functions that this CPU supports (and
/// `PERFATTR_DISABLE` leaves usable), most features first, then the fallback.
///
/// A target made only of the architecture's baseline features (`neon` on aarch64, `sse2` on
/// `x86_64`) is not a level: its clone is compiled exactly like the fallback, so it cannot
/// differ.
///
/// ```
/// let levels = perfattr::testing::levels();
/// assert_eq!(levels.last().unwrap().name, "fallback");
/// ```
#[must_use]
pub fn levels() -> Vec<Level> {
    let active = cpu::usable();
    let baseline = baseline();
    let mut seen = BTreeSet::new();
    let mut levels: Vec<Level> = MULTIVERSIONED
        .iter()
        .flat_map(|entry| entry.targets)
        .filter(|target| {
            active.contains_all(target.features)
                && !baseline.contains_all(target.features)
                && seen.insert(target.features.0)
        })
        .map(|target| Level {
            name: target.name.into(),
            features: target.features,
        })
        .collect();
    levels.sort_by_key(|level| core::cmp::Reverse(level.features.0.count_ones()));
    levels.push(Level {
        name: "fallback".into(),
        features: Features::EMPTY,
    });
    levels
}

/// The features every CPU of the architecture has, which every build enables whatever its
/// `-C target-cpu`: the baseline of the `x86_64` and `aarch64` Linux targets.
fn baseline() -> Features {
    if cfg!(target_arch = "x86_64") {
        Features::from_list("fxsr,sse,sse2")
    } else if cfg!(target_arch = "aarch64") {
        Features::from_list("neon")
    } else {
        Features::EMPTY
    }
}

/// Runs `test` once per [`levels`] entry, with every multiversioned function dispatching to
/// the best clone that level allows.
///
/// ```
/// #[perfattr::multiversion(v3, v2)]
/// fn total(values: &[u64]) -> u64 {
///     values.iter().sum()
/// }
///
/// perfattr::testing::for_each_level(|level| {
///     assert_eq!(total(&[1, 2, 3]), 6, "on {level}");
/// });
/// ```
pub fn for_each_level(mut test: impl FnMut(&Level)) {
    for level in levels() {
        with_features(level.features, || test(&level));
    }
}

/// Runs `f` with multiversioned functions forced onto the target named `target` (as in
/// [`Level::name`], e.g. `"avx2+fma"` or `"fallback"`).
///
/// # Panics
/// If no multiversioned function has that target, or this CPU does not support it.
///
/// ```
/// #[perfattr::multiversion(avx2, sse4)]
/// fn total(values: &[u64]) -> u64 {
///     values.iter().sum()
/// }
///
/// assert_eq!(perfattr::testing::with_target("fallback", || total(&[4, 5])), 9);
/// ```
pub fn with_target<R>(target: &str, f: impl FnOnce() -> R) -> R {
    let Some(features) = dispatch::target_features(target) else {
        panic!(
            "perfattr: no supported target `{target}`; supported: {:?}",
            names()
        );
    };
    with_features(features, f)
}

fn names() -> Vec<String> {
    levels().into_iter().map(|level| level.name).collect()
}

/// Runs `f` with dispatch limited to `features` (intersected with [`cpu::usable`]). Helpers
/// nest on one thread: an inner one runs at its own level, then puts the outer one's back.
///
/// ```
/// let nothing = perfattr::cpu::Features::EMPTY;
/// perfattr::testing::with_features(nothing, || {
///     assert!(perfattr::cpu::active().is_empty());
/// });
/// ```
pub fn with_features<R>(features: Features, f: impl FnOnce() -> R) -> R {
    with_level(Some(features.intersection(cpu::usable())), f)
}

/// Runs `f` forcing `level`, or with dispatch as outside the helpers (`None`).
fn with_level<R>(level: Option<Features>, f: impl FnOnce() -> R) -> R {
    // Helpers nest on one thread (`unforced` inside `for_each_level`): the inner one runs
    // under the outer one's lock and puts the outer level back when it ends.
    let nested = HOLDING.get();
    let _serial = (!nested).then(|| FORCING.lock().unwrap_or_else(PoisonError::into_inner));
    HOLDING.set(true);
    let _restore = Restore {
        previous: match (nested, dispatch::forcing()) {
            (false, _) => Previous::Outermost,
            (true, true) => Previous::Forced(cpu::active()),
            (true, false) => Previous::Unforced,
        },
    };
    match level {
        Some(features) => dispatch::force(features),
        None => dispatch::unforce(),
    }
    f()
}

/// Runs `f` with dispatch as it is outside the helpers (every [`cpu::usable`] feature),
/// waiting for any helper running in another thread: for asserting which clone dispatch
/// picks by itself.
///
/// ```
/// perfattr::testing::with_target("fallback", || {
///     perfattr::testing::unforced(|| assert_eq!(perfattr::cpu::active(), perfattr::cpu::usable()));
/// });
/// ```
pub fn unforced<R>(f: impl FnOnce() -> R) -> R {
    with_level(None, f)
}

std::thread_local! {
    /// Whether this thread runs inside a helper, holding `FORCING`.
    static HOLDING: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// Ends a helper, even when the test panics: back to the enclosing helper's level, or to no
/// forcing at all.
struct Restore {
    previous: Previous,
}

/// What a helper found when it started.
enum Previous {
    /// No helper: it took the lock, and gives it back.
    Outermost,
    /// An enclosing helper forcing this level.
    Forced(Features),
    /// An enclosing `unforced`.
    Unforced,
}

impl Drop for Restore {
    fn drop(&mut self) {
        match self.previous {
            Previous::Forced(level) => dispatch::force(level),
            Previous::Unforced => dispatch::unforce(),
            Previous::Outermost => {
                dispatch::unforce();
                HOLDING.set(false);
            }
        }
    }
}
