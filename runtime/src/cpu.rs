//! CPU feature detection: one shared, lazily filled feature set.
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

use core::fmt;

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
mod x86;

/// Every feature perfattr knows; a feature's bit in [`Features`] is its index here.
///
/// The names are Rust's `target_feature` names. x86 and ARM features have separate bits, so
/// one table serves every architecture. Generated from the table the macros check targets
/// against.
///
/// ```
/// let avx2 = perfattr::cpu::FEATURES.iter().find(|f| f.name == "avx2").unwrap();
/// assert_eq!(avx2.arch, perfattr::cpu::Arch::X86);
/// ```
pub const FEATURES: &[Feature] = perfattr_macros::__feature_table!();

/// A CPU feature perfattr knows.
///
/// ```
/// for feature in perfattr::cpu::FEATURES {
///     println!("{} ({:?})", feature.name, feature.arch);
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Feature {
    /// Rust's `target_feature` name: `"avx2"`, `"sse4.1"`, `"neon"`.
    pub name: &'static str,
    /// The architecture it belongs to.
    pub arch: Arch,
    /// Its own bit and the bits of every feature it implies (`avx2` implies `avx`, …).
    closure: u64,
}

/// The architecture a feature belongs to.
///
/// ```
/// #[cfg(target_arch = "x86_64")]
/// assert_eq!(perfattr::cpu::Arch::CURRENT, Some(perfattr::cpu::Arch::X86));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    /// `x86` and `x86_64`.
    X86,
    /// `aarch64`.
    Aarch64,
}

impl Arch {
    /// The architecture this program was compiled for, if perfattr knows its features.
    ///
    /// ```
    /// use perfattr::cpu::Arch;
    /// assert_eq!(Arch::CURRENT.is_some(), cfg!(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")));
    /// ```
    pub const CURRENT: Option<Arch> = if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
        Some(Arch::X86)
    } else if cfg!(target_arch = "aarch64") {
        Some(Arch::Aarch64)
    } else {
        None
    };
}

/// The bit of feature `name` on `arch`, or `None` if perfattr does not know it.
///
/// ```
/// use perfattr::cpu::{Arch, bit};
/// assert!(bit("avx2", Arch::X86).is_some());
/// assert_eq!(bit("avx2", Arch::Aarch64), None);
/// ```
#[must_use]
pub const fn bit(name: &str, arch: Arch) -> Option<u32> {
    let mut index = 0;
    while index < FEATURES.len() {
        let feature = FEATURES[index];
        if feature.arch as u8 == arch as u8 && str_eq(feature.name, name) {
            #[allow(
                clippy::cast_possible_truncation,
                reason = "FEATURES has fewer than 64 rows"
            )]
            return Some(index as u32);
        }
        index += 1;
    }
    None
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A set of CPU features, one bit each (see [`FEATURES`]).
///
/// ```
/// use perfattr::cpu::Features;
/// # #[cfg(target_arch = "x86_64")] {
/// let set = Features::from_list("sse4.1,avx2");
/// assert!(set.contains("avx2") && !set.contains("fma"));
/// assert_eq!(set.to_string(), "sse4.1,avx2");
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Features(pub(crate) u64);

impl Features {
    /// No features.
    ///
    /// ```
    /// assert!(perfattr::cpu::Features::EMPTY.is_empty());
    /// assert_eq!(perfattr::cpu::Features::EMPTY.to_string(), "none");
    /// ```
    pub const EMPTY: Features = Features(0);

    /// The set of the comma-separated features of this program's architecture:
    /// `"avx,avx2,fma"`.
    ///
    /// # Panics
    /// On a name perfattr does not know for this architecture (at compile time in `const`).
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// const V2: perfattr::cpu::Features = perfattr::cpu::Features::from_list("sse4.1,sse4.2,popcnt");
    /// assert_eq!(V2.names().count(), 3);
    /// # }
    /// ```
    #[must_use]
    pub const fn from_list(list: &str) -> Features {
        let bytes = list.as_bytes();
        let Some(arch) = Arch::CURRENT else {
            return Features(0);
        };
        let mut bits = 0;
        let mut start = 0;
        while start < bytes.len() {
            let mut end = start;
            while end < bytes.len() && bytes[end] != b',' {
                end += 1;
            }
            let (_, rest) = bytes.split_at(start);
            let (name, _) = rest.split_at(end - start);
            let Ok(name) = core::str::from_utf8(name) else {
                panic!("perfattr: feature list is not UTF-8");
            };
            match bit(name, arch) {
                Some(bit) => bits |= 1 << bit,
                None => panic!("perfattr: unknown CPU feature"),
            }
            start = end + 1;
        }
        Features(bits)
    }

    /// Whether every feature of `other` is in `self`.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// use perfattr::cpu::Features;
    /// let have = Features::from_list("sse4.1,sse4.2,avx2");
    /// assert!(have.contains_all(Features::from_list("sse4.1,avx2")));
    /// assert!(!have.contains_all(Features::from_list("fma")));
    /// # }
    /// ```
    #[must_use]
    #[inline]
    pub const fn contains_all(self, other: Features) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the feature `name` is in the set.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")]
    /// assert!(perfattr::cpu::Features::from_list("avx2").contains("avx2"));
    /// ```
    #[must_use]
    pub fn contains(self, name: &str) -> bool {
        self.names().any(|known| known == name)
    }

    /// The features in both sets.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// use perfattr::cpu::Features;
    /// let both = Features::from_list("avx,avx2").intersection(Features::from_list("avx2,fma"));
    /// assert_eq!(both, Features::from_list("avx2"));
    /// # }
    /// ```
    #[must_use]
    pub const fn intersection(self, other: Features) -> Features {
        Features(self.0 & other.0)
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// assert!(perfattr::cpu::Features::default().is_empty());
    /// ```
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names of the features in the set, in [`FEATURES`] order.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// let names: Vec<&str> = perfattr::cpu::Features::from_list("fma,avx").names().collect();
    /// assert_eq!(names.len(), 2);
    /// # }
    /// ```
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        FEATURES
            .iter()
            .enumerate()
            .filter(move |(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, feature)| feature.name)
    }

    /// `self` without `removed` and without every feature that implies one of them: masking
    /// `sse4.2` also masks `avx`, `avx2`, …, so the set stays one a CPU could have.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// use perfattr::cpu::Features;
    /// let set = Features::from_list("sse4.1,sse4.2,avx,avx2");
    /// // avx and avx2 imply sse4.2, so masking it masks them too.
    /// assert_eq!(set.without(Features::from_list("sse4.2")), Features::from_list("sse4.1"));
    /// # }
    /// ```
    #[must_use]
    pub fn without(self, removed: Features) -> Features {
        let mut kept = self.0 & !removed.0;
        for (bit, feature) in FEATURES.iter().enumerate() {
            if feature.closure & removed.0 != 0 {
                kept &= !(1 << bit);
            }
        }
        Features(kept)
    }
}

impl fmt::Display for Features {
    /// The feature names joined with `,`, or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Features({self})")
    }
}

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
    crate::dispatch::detected()
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
    crate::dispatch::usable()
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
    crate::dispatch::active()
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

/// The features enabled at compile time (`-C target-feature`, `-C target-cpu`), which every
/// CPU running this binary must have.
///
/// ```
/// // Whatever this binary was compiled for, the CPU running it has.
/// assert!(perfattr::cpu::detected().contains_all(perfattr::cpu::compile_time()));
/// ```
#[must_use]
pub const fn compile_time() -> Features {
    Features(perfattr_macros::__compile_time_features!())
}

/// Runs the hardware detection (not cached).
pub(crate) fn detect() -> Features {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    return x86::detect();
    #[cfg(all(target_arch = "aarch64", feature = "std"))]
    return aarch64_std();
    #[allow(unreachable_code)]
    compile_time()
}

#[cfg(all(target_arch = "aarch64", feature = "std"))]
fn aarch64_std() -> Features {
    Features(perfattr_macros::__std_detect_features!())
}
