//! Run-time dispatch for `#[multiversion]`: the shared active feature set, the
//! self-patching function-pointer slots, and the registry of multiversioned functions.

use core::sync::atomic::AtomicPtr;
use core::sync::atomic::AtomicU64;
use core::sync::atomic::Ordering::Relaxed;

use crate::cpu::{self, Features};

/// Set in the active feature bits until detection has run: no target's features include it,
/// so every dispatch falls to its last arm, which initializes.
pub const UNINIT: u64 = 1 << 63;

/// The active feature bits, for generated code that tests them against its targets' masks.
/// [`UNINIT`] until detection has run.
#[inline]
#[must_use]
pub fn active_bits() -> u64 {
    ACTIVE.load(Relaxed)
}

/// The features dispatch may use: detected, minus `PERFATTR_DISABLE`, or a forced level.
static ACTIVE: AtomicU64 = AtomicU64::new(UNINIT);
/// The features the hardware has.
static DETECTED: AtomicU64 = AtomicU64::new(UNINIT);
/// Detected minus `PERFATTR_DISABLE`: what dispatch uses when no level is forced.
static USABLE: AtomicU64 = AtomicU64::new(UNINIT);

/// Every multiversioned function of the program, placed by the linker.
#[linkme::distributed_slice]
pub static MULTIVERSIONED: [Entry];

/// One clone's target: its name as written (`"avx2+fma"`) and every feature it needs,
/// implied ones included.
#[derive(Debug)]
pub struct Target {
    /// The target as the user wrote it, normalized: `"avx2+fma"`, `"v3"`, `"sse4"`.
    pub name: &'static str,
    /// The features the clone is compiled with, implied ones included.
    pub features: Features,
}

impl Target {
    /// A target needing the features of the bit mask `features` (see [`cpu::FEATURES`]).
    #[must_use]
    pub const fn new(name: &'static str, features: u64) -> Target {
        Target {
            name,
            features: Features(features),
        }
    }
}

/// A multiversioned function, as registered by its expansion.
#[derive(Debug)]
pub struct Entry {
    /// `module::path::function`.
    pub name: &'static str,
    /// `file:line` of the function.
    pub location: &'static str,
    /// Targets for this architecture, best first. The fallback is not listed.
    pub targets: &'static [Target],
    /// The function pointer of a non-generic function; `None` for generic ones, which
    /// read the active set on every call.
    pub slot: Option<&'static Slot>,
    /// The target index chosen at compile time, when the best target's features are all
    /// enabled by `-C target-feature`/`-C target-cpu`: no dispatch at all.
    pub compile_time: Option<usize>,
}

impl Entry {
    /// `compile_time` for an expansion: the best target when its features are all enabled.
    #[must_use]
    pub const fn best_if(enabled: bool) -> Option<usize> {
        if enabled { Some(0) } else { None }
    }

    /// The index of the clone to run: the first target the active set supports, or
    /// `targets.len()` for the fallback.
    #[inline]
    #[must_use]
    pub fn select(&self) -> usize {
        select(self.targets)
    }
}

/// The index of the first target whose features are all active, or `targets.len()`.
#[inline]
#[must_use]
pub fn select(targets: &[Target]) -> usize {
    let active = ACTIVE.load(Relaxed);
    for (index, target) in targets.iter().enumerate() {
        if active & target.features.0 == target.features.0 {
            return index;
        }
    }
    if active & UNINIT != 0 {
        return select_after_init(targets);
    }
    targets.len()
}

#[cold]
#[inline(never)]
fn select_after_init(targets: &[Target]) -> usize {
    initialize();
    select(targets)
}

/// The function pointer of a non-generic multiversioned function. It starts at the
/// function's resolver, which selects a clone, stores it here and calls it: every later
/// call is one load and one indirect call, with no "initialized?" branch.
#[derive(Debug)]
pub struct Slot {
    current: AtomicPtr<()>,
    #[cfg_attr(
        not(any(feature = "testing", feature = "bench")),
        expect(dead_code, reason = "read when forcing levels")
    )]
    resolver: *mut (),
}

// SAFETY: `resolver` is a function pointer, never written after construction.
unsafe impl Sync for Slot {}

impl Slot {
    /// A slot that starts at `resolver`.
    #[must_use]
    pub const fn new(resolver: *mut ()) -> Slot {
        Slot {
            current: AtomicPtr::new(resolver),
            resolver,
        }
    }

    /// The function to call.
    #[inline]
    #[must_use]
    pub fn get(&self) -> *mut () {
        self.current.load(Relaxed)
    }

    /// Stores the clone the resolver selected.
    #[inline]
    pub fn set(&self, function: *mut ()) {
        self.current.store(function, Relaxed);
    }

    /// Makes the next call select again (after the active set changed).
    #[cfg(any(feature = "testing", feature = "bench"))]
    pub(crate) fn reset(&self) {
        self.current.store(self.resolver, Relaxed);
    }
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

pub(crate) fn detected() -> Features {
    load(&DETECTED)
}

pub(crate) fn usable() -> Features {
    load(&USABLE)
}

pub(crate) fn active() -> Features {
    load(&ACTIVE)
}

/// Detects the CPU's features and applies `PERFATTR_DISABLE`. Racing threads compute the
/// same values; a level forced by a testing helper is left in place.
fn initialize() {
    let detected = cpu::detect();
    let usable = detected.without(disabled_by_env());
    USABLE.store(usable.0, Relaxed);
    DETECTED.store(detected.0, Relaxed);
    let _ = ACTIVE.compare_exchange(UNINIT, usable.0, Relaxed, Relaxed);
}

/// The features of the target named `name` (as written: `"avx2+fma"`, `"v3"`; `"fallback"`
/// for none) if some multiversioned function has it and [`cpu::usable`] allows it.
#[cfg(any(feature = "testing", feature = "bench"))]
pub(crate) fn target_features(name: &str) -> Option<Features> {
    if name == "fallback" {
        return Some(Features::EMPTY);
    }
    MULTIVERSIONED
        .iter()
        .flat_map(|entry| entry.targets)
        .find(|target| target.name == name && cpu::usable().contains_all(target.features))
        .map(|target| target.features)
}

/// Sets the active features and makes every multiversioned function select again.
#[cfg(any(feature = "testing", feature = "bench"))]
pub(crate) fn force(features: Features) {
    ACTIVE.store(features.0, Relaxed);
    for entry in MULTIVERSIONED {
        if let Some(slot) = entry.slot {
            slot.reset();
        }
    }
}

/// Names usable in `PERFATTR_DISABLE` beside feature names: each disables the features that
/// distinguish it, and with them every feature and target that implies them.
///
/// ```
/// let (_, features) = perfattr::DISABLE_GROUPS.iter().find(|(name, _)| *name == "sse4").unwrap();
/// assert_eq!(*features, ["sse4.1", "sse4.2"]);
/// ```
pub const DISABLE_GROUPS: &[(&str, &[&str])] = &[
    ("sse4", &["sse4.1", "sse4.2"]),
    (
        "avx512",
        &["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
    ),
    (
        "v2",
        &["cmpxchg16b", "popcnt", "sse3", "ssse3", "sse4.1", "sse4.2"],
    ),
    (
        "v3",
        &[
            "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "lzcnt", "movbe",
        ],
    ),
    (
        "v4",
        &["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
    ),
];

/// The features a `PERFATTR_DISABLE` value names: comma-separated feature names, group
/// names (see [`DISABLE_GROUPS`]) or `all`. Unknown names are returned in `unknown`.
///
/// ```
/// # #[cfg(target_arch = "x86_64")] {
/// let mut unknown = Vec::new();
/// let masked = perfattr::parse_disable("avx2,v2,avx3", |name| unknown.push(name));
/// assert!(masked.contains("avx2") && masked.contains("sse4.2"));
/// assert_eq!(unknown, ["avx3"]);
/// # }
/// ```
pub fn parse_disable<'a>(value: &'a str, mut unknown: impl FnMut(&'a str)) -> Features {
    let Some(arch) = cpu::Arch::CURRENT else {
        return Features::EMPTY;
    };
    let mut disabled = Features::EMPTY;
    let mut add = |name: &str| match cpu::bit(name, arch) {
        Some(bit) => {
            disabled.0 |= 1 << bit;
            true
        }
        None => false,
    };
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "all" {
            return Features(!UNINIT);
        }
        let group = DISABLE_GROUPS.iter().find(|(group, _)| *group == name);
        let known = match group {
            Some((_, members)) => members.iter().all(|member| add(member)),
            None => add(name),
        };
        if !known {
            unknown(name);
        }
    }
    disabled
}

#[cfg(feature = "std")]
fn disabled_by_env() -> Features {
    let Some(value) = std::env::var_os("PERFATTR_DISABLE") else {
        return Features::EMPTY;
    };
    let value = value.to_string_lossy();
    parse_disable(&value, |name| {
        std::eprintln!("perfattr: PERFATTR_DISABLE names unknown feature or target `{name}`");
    })
}

#[cfg(not(feature = "std"))]
fn disabled_by_env() -> Features {
    Features::EMPTY
}
