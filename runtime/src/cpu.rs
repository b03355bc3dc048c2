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

/// Every feature perfattr knows, with its bit in [`Features`].
///
/// The names are Rust's `target_feature` names. x86 and ARM features have separate bits, so
/// one table serves every architecture.
pub const FEATURES: &[(&str, Arch)] = &[
    // 0..=27: x86 and x86_64.
    ("sse", Arch::X86),
    ("sse2", Arch::X86),
    ("sse3", Arch::X86),
    ("ssse3", Arch::X86),
    ("sse4.1", Arch::X86),
    ("sse4.2", Arch::X86),
    ("popcnt", Arch::X86),
    ("cmpxchg16b", Arch::X86),
    ("avx", Arch::X86),
    ("avx2", Arch::X86),
    ("fma", Arch::X86),
    ("bmi1", Arch::X86),
    ("bmi2", Arch::X86),
    ("lzcnt", Arch::X86),
    ("f16c", Arch::X86),
    ("movbe", Arch::X86),
    ("aes", Arch::X86),
    ("pclmulqdq", Arch::X86),
    ("sha", Arch::X86),
    ("adx", Arch::X86),
    ("xsave", Arch::X86),
    ("avx512f", Arch::X86),
    ("avx512bw", Arch::X86),
    ("avx512cd", Arch::X86),
    ("avx512dq", Arch::X86),
    ("avx512vl", Arch::X86),
    ("avx512vnni", Arch::X86),
    ("avx512vbmi", Arch::X86),
    // 28..=37: aarch64.
    ("neon", Arch::Aarch64),
    ("aes", Arch::Aarch64),
    ("sha2", Arch::Aarch64),
    ("crc", Arch::Aarch64),
    ("lse", Arch::Aarch64),
    ("rdm", Arch::Aarch64),
    ("dotprod", Arch::Aarch64),
    ("fp16", Arch::Aarch64),
    ("sve", Arch::Aarch64),
    ("sve2", Arch::Aarch64),
];

/// The architecture a feature belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    /// `x86` and `x86_64`.
    X86,
    /// `aarch64`.
    Aarch64,
}

impl Arch {
    /// The architecture this program was compiled for, if perfattr knows its features.
    pub const CURRENT: Option<Arch> = if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
        Some(Arch::X86)
    } else if cfg!(target_arch = "aarch64") {
        Some(Arch::Aarch64)
    } else {
        None
    };
}

/// The bit of feature `name` on `arch`, or `None` if perfattr does not know it.
#[must_use]
pub const fn bit(name: &str, arch: Arch) -> Option<u32> {
    let mut index = 0;
    while index < FEATURES.len() {
        let (known, known_arch) = FEATURES[index];
        if known_arch as u8 == arch as u8 && str_eq(known, name) {
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
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Features(pub(crate) u64);

impl Features {
    /// No features.
    pub const EMPTY: Features = Features(0);

    /// The set of the named features of this program's architecture.
    ///
    /// # Panics
    /// On a name perfattr does not know for this architecture (at compile time in `const`).
    #[must_use]
    pub const fn of(names: &[&str]) -> Features {
        let mut bits = 0;
        let mut i = 0;
        while i < names.len() {
            let Some(arch) = Arch::CURRENT else {
                return Features(0);
            };
            match bit(names[i], arch) {
                Some(bit) => bits |= 1 << bit,
                None => panic!("perfattr: unknown CPU feature"),
            }
            i += 1;
        }
        Features(bits)
    }

    /// Whether every feature of `other` is in `self`.
    #[must_use]
    #[inline]
    pub const fn contains_all(self, other: Features) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the feature `name` is in the set.
    #[must_use]
    pub fn contains(self, name: &str) -> bool {
        self.names().any(|known| known == name)
    }

    /// The features in both sets.
    #[must_use]
    pub const fn intersection(self, other: Features) -> Features {
        Features(self.0 & other.0)
    }

    /// The features of `self` that are not in `other`.
    #[must_use]
    pub const fn difference(self, other: Features) -> Features {
        Features(self.0 & !other.0)
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The names of the features in the set, in [`FEATURES`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        FEATURES
            .iter()
            .enumerate()
            .filter(move |(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, (name, _))| *name)
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
/// `PERFATTR_DISABLE` or by the testing helpers (see [`active`]).
#[must_use]
pub fn detected() -> Features {
    crate::dispatch::state().detected
}

/// The features dispatch may use: [`detected`] minus those disabled by the
/// `PERFATTR_DISABLE` environment variable, or the level forced by a testing helper.
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
#[must_use]
pub fn compile_time() -> Features {
    macro_rules! enabled {
        ($($feature:tt),* $(,)?) => {{
            let mut names: [&str; 64] = [""; 64];
            let mut count = 0;
            $(
                if cfg!(target_feature = $feature) {
                    names[count] = $feature;
                    count += 1;
                }
            )*
            let mut bits = Features::EMPTY;
            for name in &names[..count] {
                if let Some(arch) = Arch::CURRENT {
                    if let Some(bit) = bit(name, arch) {
                        bits.0 |= 1 << bit;
                    }
                }
            }
            bits
        }};
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    return enabled!(
        "sse",
        "sse2",
        "sse3",
        "ssse3",
        "sse4.1",
        "sse4.2",
        "popcnt",
        "cmpxchg16b",
        "avx",
        "avx2",
        "fma",
        "bmi1",
        "bmi2",
        "lzcnt",
        "f16c",
        "movbe",
        "aes",
        "pclmulqdq",
        "sha",
        "adx",
        "xsave",
        "avx512f",
        "avx512bw",
        "avx512cd",
        "avx512dq",
        "avx512vl",
        "avx512vnni",
        "avx512vbmi",
    );
    #[cfg(target_arch = "aarch64")]
    return enabled!(
        "neon", "aes", "sha2", "crc", "lse", "rdm", "dotprod", "fp16", "sve", "sve2",
    );
    #[allow(unreachable_code)]
    Features::EMPTY
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
    let mut bits = Features::EMPTY;
    macro_rules! detect {
        ($($feature:tt),*) => {$(
            if std::arch::is_aarch64_feature_detected!($feature) {
                bits.0 |= 1 << bit($feature, Arch::Aarch64).unwrap_or(0);
            }
        )*};
    }
    detect!(
        "neon", "aes", "sha2", "crc", "lse", "rdm", "dotprod", "fp16", "sve", "sve2"
    );
    bits
}
