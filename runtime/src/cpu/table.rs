//! The table of CPU features perfattr knows, generated from the one the macros check targets
//! against: names, architectures, implications, and each feature's bit.

/// Every feature perfattr knows; a feature's bit in [`Features`](super::Features) is its index here.
///
/// The names are Rust's `target_feature` names. x86 and ARM features have separate bits, so
/// one table serves every architecture. Generated from the table the macros check targets
/// against.
///
/// ```
/// let avx2 = perfattr::cpu::FEATURES.iter().find(|f| f.name == "avx2").unwrap();
/// assert_eq!(avx2.arch, perfattr::cpu::Arch::X86);
/// ```
pub const FEATURES: &[Feature] = perfattr_macros::__table!(features);

// Every row needs a bit below `UNAVAILABLE` (bit 126) and `UNINIT` (bit 127).
const _: () = assert!(
    FEATURES.len() < 126,
    "the feature table outgrew its 128-bit sets"
);

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
    pub(crate) implied: u128,
    /// A stable target feature, which a clone can be compiled for; `false` for features only
    /// detection knows (`rtm`, `tsc`, …).
    pub(crate) target: bool,
    /// The release that stabilized it, when newer than Rust 1.85.
    pub(crate) needs_rust: Option<&'static str>,
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
                reason = "FEATURES has fewer than 128 rows"
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
