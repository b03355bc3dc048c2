//! Run-time dispatch for `#[multiversion]`: the registry of multiversioned functions, the
//! choice of a clone from the active feature set and the dispatch profile, and forcing a level
//! for tests and benches. The self-patching function pointers are in [`slot`], a generic
//! function's cached choice in [`choice`], measured dispatch in [`measured`].

mod choice;
#[cfg(feature = "report")]
pub(crate) mod loaded;
pub(crate) mod measured;
pub(crate) mod patch;
mod slot;

pub use choice::{Choice, epoch};
pub use measured::{Measured, Ranked, Why};
#[cfg(feature = "report")]
pub use measured::{SWITCH_BELOW, Unmeasured};
pub use patch::{Patch, Patching, patching};
pub use slot::{Code, Slot};

use crate::cpu::Features;
use crate::cpu::features::{UNAVAILABLE, UNINIT};
use crate::cpu::state;

/// One clone's target: its name as written (`"avx2+fma"`) and every feature it needs,
/// implied ones included.
#[derive(Debug)]
pub struct Target {
    /// The target as the user wrote it, normalized: `"avx2+fma"`, `"v3"`, `"sse4"`.
    pub name: &'static str,
    /// The features the clone is compiled with, implied ones included.
    pub features: Features,
    /// The Rust release the target's features need when the compiler that built this program
    /// is older (`"1.89"` for AVX-512 before 1.89): the clone was compiled without them and is
    /// never selected. `None` for a target compiled as written.
    pub needs_rust: Option<&'static str>,
}

impl Target {
    /// A target needing the features of the bit mask `features` (see [`crate::cpu::FEATURES`]).
    #[must_use]
    pub const fn new(name: &'static str, features: u128) -> Target {
        Target {
            name,
            features: Features(features),
            needs_rust: None,
        }
    }

    /// A target whose features the compiler did not accept: its set holds
    /// [`UNAVAILABLE`](crate::cpu::features::UNAVAILABLE), which no CPU's set has, so no
    /// dispatch, testing level or forced name selects it.
    #[must_use]
    pub const fn needs_rust(name: &'static str, features: u128, release: &'static str) -> Target {
        Target {
            name,
            features: Features(features | UNAVAILABLE),
            needs_rust: Some(release),
        }
    }
}

/// Every multiversioned function of the program, placed by the linker (with the `report`
/// feature, which the report, the testing helpers and the benchmarks include).
#[cfg(feature = "report")]
#[linkme::distributed_slice]
pub static MULTIVERSIONED: [Entry];

/// A multiversioned function, as registered by its expansion.
#[derive(Debug)]
pub struct Entry {
    /// The compiler's name of an item nested in the entry's static, which names the function
    /// (see [`Entry::name`]).
    pub path: fn() -> &'static str,
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
    /// Measurements of this function per CPU model, from the dispatch profile embedded at
    /// build time (`PERFATTR_DISPATCH_PROFILE`); empty without one.
    pub profile: &'static [Measured],
    /// A generic function's choice (its dispatcher cannot own a pointer per instantiation),
    /// made at the first call like a pointer's.
    pub choice: Choice,
    /// A non-generic function's clones, in the order of `targets`, the fallback last; empty
    /// for generic ones.
    pub code: &'static [Code],
    /// A `dispatch = patched` function's keys, which the start-up constructor patches
    /// (`patch.rs`); `None` for the other modes and where the build cannot patch.
    pub patch: Option<&'static Patch>,
}

impl Entry {
    /// The function's path as a user writes it: `app::sum`, `app::Request::parse`,
    /// `<app::Request as app::Parse>::parse`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        crate::path::enclosing((self.path)())
    }

    /// `compile_time` for an expansion: the best target when its features are all enabled.
    #[must_use]
    pub const fn best_if(enabled: bool) -> Option<usize> {
        if enabled { Some(0) } else { None }
    }

    /// The index of the clone that runs now: the compile-time choice, unless a testing or bench
    /// helper forces a level, else [`Entry::select`]'s.
    #[must_use]
    pub fn running(&self) -> usize {
        self.decide().0
    }

    /// The clone that runs now and why: at compile time, forced, by rank or measured.
    #[must_use]
    pub fn decide(&self) -> (usize, Why) {
        match self.compile_time {
            Some(index) if !at_run_time() => (index, Why::CompileTime),
            _ => self.decide_at_run_time(forcing()),
        }
    }

    fn decide_at_run_time(&self, forced: bool) -> (usize, Why) {
        let rank = select(self.targets);
        if forced {
            return (rank, Why::Forced);
        }
        #[cfg(feature = "report")]
        let rows = match loaded::rows(self) {
            None => self.profile,
            Some(Ok(rows)) => rows,
            Some(Err(why)) => return (rank, Why::Rank(why)),
        };
        #[cfg(not(feature = "report"))]
        let rows = {
            #[cfg(feature = "std")]
            measured::runtime_profile_unsupported();
            self.profile
        };
        measured::choose(self.name(), self.targets, rows, rank, state::active_bits())
    }

    /// The index of the clone to run, chosen at run time (a pointer's resolver, a generic
    /// function's first call): the first target the active set supports (`targets.len()` for
    /// the fallback), or the clone the dispatch profile measured faster on this CPU model.
    #[must_use]
    pub fn select(&self) -> usize {
        self.decide_at_run_time(forcing()).0
    }

    /// The name of clone `index`: a target's, or `"fallback"` past them.
    #[must_use]
    pub fn clone_name(&self, index: usize) -> &'static str {
        self.targets
            .get(index)
            .map_or("fallback", |target| target.name)
    }

    /// Every clone's name, best first, `"fallback"` last.
    pub fn clone_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.targets
            .iter()
            .map(|target| target.name)
            .chain(["fallback"])
    }

    /// The cached clone index as stored: past every clone (`u8::MAX`) while unresolved, when
    /// the caller must call [`Entry::index`] (generated code matches on it: one load per call).
    #[inline]
    #[must_use]
    pub fn cached(&self) -> usize {
        self.choice.raw()
    }

    /// A generic function's clone index: the cached choice, made by [`Entry::select`] at the
    /// first call (and again after a testing helper changed the level).
    #[inline]
    #[must_use]
    pub fn index(&self) -> usize {
        match self.choice.get() {
            Some(index) => index,
            None => self.choice.resolve(|| self.select()),
        }
    }
}

/// The index of the first target whose features are all active, or `targets.len()`: the
/// rank's choice.
#[inline]
#[must_use]
pub fn select(targets: &[Target]) -> usize {
    let active = state::active_bits();
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
    state::initialize();
    select(targets)
}

/// Does now what the first multiversioned call would otherwise do: detects the features,
/// reads `PERFATTR_DISABLE` and (with the `report` feature) `PERFATTR_RUNTIME_PROFILE`, and
/// says on stderr what is wrong with them.
///
/// The first call of a multiversioned function is safe in a signal handler and in the child of
/// a `fork` without this (it takes no lock and allocates nothing) except where it has
/// something to say or a file to read: an unknown name in `PERFATTR_DISABLE`, or a run-time
/// profile. Call it before installing a signal handler that calls multiversioned code,
/// and the first calls do nothing but select and store a clone.
///
/// ```
/// perfattr::prepare_dispatch();
/// assert!(perfattr::cpu::detected().contains_all(perfattr::cpu::usable()));
/// ```
pub fn prepare_dispatch() {
    state::initialize();
    // Every registered function's selection made once: the run-time profile read and its
    // rows converted, its warnings said.
    #[cfg(feature = "report")]
    for entry in MULTIVERSIONED {
        let _ = entry.select();
    }
}

/// The registry entry of the multiversioned function `path` (as [`Entry::name`] writes it).
#[cfg(feature = "bench")]
#[must_use]
pub fn named(path: &str) -> Option<&'static Entry> {
    MULTIVERSIONED.iter().find(|entry| entry.name() == path)
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
        .find(|target| {
            same_name(target.name, name) && state::usable().contains_all(target.features)
        })
        .map(|target| target.features)
}

/// Whether two target names are the same target as written: the x86-64 psABI level names are
/// the shorthands' (`x86-64-v3` is `v3`).
#[cfg(any(feature = "testing", feature = "bench"))]
fn same_name(a: &str, b: &str) -> bool {
    a == b || a.replace("x86-64-v", "v") == b.replace("x86-64-v", "v")
}

/// Whether a testing or bench helper forces a level now: compile-time dispatch and the
/// dispatch profile then give way.
#[cfg(any(feature = "testing", feature = "bench"))]
static FORCING: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// Whether a testing or bench helper forces a level now.
#[inline]
#[must_use]
pub fn forcing() -> bool {
    #[cfg(any(feature = "testing", feature = "bench"))]
    return FORCING.load(core::sync::atomic::Ordering::Relaxed);
    #[cfg(not(any(feature = "testing", feature = "bench")))]
    false
}

/// Whether compile-time dispatch gives way to run-time dispatch now (generated code asks, in
/// builds with the `testing` or `bench` feature only): while a helper forces a level, and when
/// `PERFATTR_DISABLE` masks a feature, so that the helpers, the masks and the dispatch report
/// agree in a `-C target-cpu=native` build too. A build without those features calls the best
/// clone directly whatever the mask: its code needs those features anyway.
#[inline]
#[must_use]
pub fn at_run_time() -> bool {
    #[cfg(any(feature = "testing", feature = "bench"))]
    return forcing() || masked();
    #[cfg(not(any(feature = "testing", feature = "bench")))]
    false
}

/// Whether `PERFATTR_DISABLE` masks a feature this CPU has: 0 no, 1 yes, 2 not known yet.
#[cfg(any(feature = "testing", feature = "bench"))]
static MASKED: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(2);

#[cfg(any(feature = "testing", feature = "bench"))]
#[inline]
fn masked() -> bool {
    match MASKED.load(core::sync::atomic::Ordering::Relaxed) {
        0 => false,
        1 => true,
        _ => masked_at_start(),
    }
}

#[cfg(any(feature = "testing", feature = "bench"))]
#[cold]
#[inline(never)]
fn masked_at_start() -> bool {
    let masked = state::usable() != state::detected();
    MASKED.store(u8::from(masked), core::sync::atomic::Ordering::Relaxed);
    masked
}

/// Forces `features` (a subset of [`cpu::usable`](crate::cpu::usable): clones are selected
/// from it), even when that is every usable feature: until [`unforce`], dispatch takes the
/// best target within it by rank, ignoring compile-time dispatch and the profile.
#[cfg(any(feature = "testing", feature = "bench"))]
pub(crate) fn force(features: Features) {
    FORCING.store(true, core::sync::atomic::Ordering::Relaxed);
    reselect(features);
}

/// Ends forcing: dispatch as without the helpers.
#[cfg(any(feature = "testing", feature = "bench"))]
pub(crate) fn unforce() {
    FORCING.store(false, core::sync::atomic::Ordering::Relaxed);
    reselect(state::usable());
}

/// Sets the active set and makes every multiversioned function select again. A resolver
/// that read the old set while this runs stores nothing that outlives it (see `choice::epoch`).
#[cfg(any(feature = "testing", feature = "bench"))]
fn reselect(features: Features) {
    state::set_active(features);
    choice::advance();
    for entry in MULTIVERSIONED {
        if let Some(slot) = entry.slot {
            slot.reset();
        }
        entry.choice.reset();
    }
}
