//! [`Features`]: a set of CPU features, one bit per row of the feature table.

use core::fmt;

use super::table::{Arch, FEATURES, Feature, bit};

/// A bit no feature has: in a cached feature set it means "not detected yet", so no target's
/// features are contained in it and every dispatch falls through to the path that detects.
#[doc(hidden)]
pub const UNINIT: u128 = 1 << 127;

/// A bit no CPU has: the mark of a target whose clone the compiler could not build with its
/// features (see [`Target::needs_rust`](crate::__private::Target::needs_rust)).
#[doc(hidden)]
pub const UNAVAILABLE: u128 = 1 << 126;

/// A set of CPU features, one bit each (see [`FEATURES`]).
///
/// ```
/// use perfattr::cpu::Features;
/// # #[cfg(target_arch = "x86_64")] {
/// let set = Features::from_list("sse4.1,avx2");
/// assert!(set.contains("avx2") && !set.contains("fma"));
/// assert_eq!(set.to_string(), "avx2,sse4.1"); // in table order
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Features(pub(crate) u128);

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
        let mut bits: u128 = 0;
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
            .filter(move |(bit, _)| self.0 & (1_u128 << bit) != 0)
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
            if feature.implied & removed.0 != 0 {
                kept &= !(1_u128 << bit);
            }
        }
        Features(kept)
    }
}

impl Feature {
    /// The feature and every feature it implies, as rustc enables them together.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")] {
    /// let avx2 = perfattr::cpu::FEATURES.iter().find(|f| f.name == "avx2").unwrap();
    /// assert!(avx2.implied().contains("avx") && avx2.implied().contains("avx2"));
    /// # }
    /// ```
    #[must_use]
    pub const fn implied(&self) -> Features {
        Features(self.implied)
    }

    /// Whether clones can be compiled for it: a stable target feature. Features only detection
    /// knows (`rtm`, `tsc`, …) answer `perfattr::cpu::supports` but are no `#[multiversion]`
    /// targets.
    ///
    /// ```
    /// let rtm = perfattr::cpu::FEATURES.iter().find(|f| f.name == "rtm").unwrap();
    /// assert!(!rtm.is_target());
    /// ```
    #[must_use]
    pub const fn is_target(&self) -> bool {
        self.target
    }

    /// The Rust release from which a clone can be compiled for it, when newer than perfattr's
    /// minimum (1.85): `Some("1.89")` for the AVX-512 family. Built with an older compiler, a
    /// `#[multiversion]` target that needs it is compiled out (see the dispatch report).
    ///
    /// ```
    /// let avx2 = perfattr::cpu::FEATURES.iter().find(|f| f.name == "avx2").unwrap();
    /// assert_eq!(avx2.needs_rust(), None);
    /// let avx512f = perfattr::cpu::FEATURES.iter().find(|f| f.name == "avx512f").unwrap();
    /// assert_eq!(avx512f.needs_rust(), Some("1.89"));
    /// ```
    #[must_use]
    pub const fn needs_rust(&self) -> Option<&'static str> {
        self.needs_rust
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

/// The features enabled at compile time (`-C target-feature`, `-C target-cpu`), which every
/// CPU running this binary must have.
///
/// ```
/// // Whatever this binary was compiled for, the CPU running it has.
/// assert!(perfattr::cpu::detected().contains_all(perfattr::cpu::compile_time()));
/// ```
#[must_use]
pub const fn compile_time() -> Features {
    Features(perfattr_macros::__table!(compile_time))
}
