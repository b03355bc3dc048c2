//! `PERFATTR_DISABLE`: the features, shorthands or `all` it names, masked for the whole process.

use super::features::{Features, UNINIT};
use super::table::{Arch, bit};

/// Names usable in `PERFATTR_DISABLE` beside feature names: each disables the features that
/// distinguish it, and with them every feature and target that implies them. Generated from
/// the target shorthands the macros accept, so the two lists cannot drift.
///
/// ```
/// let (_, features) = perfattr::DISABLE_GROUPS.iter().find(|(name, _)| *name == "sse4").unwrap();
/// assert_eq!(*features, ["sse4.1", "sse4.2"]);
/// ```
pub const DISABLE_GROUPS: &[(&str, &[&str])] = perfattr_macros::__table!(disable_groups);

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
    let Some(arch) = Arch::CURRENT else {
        return Features::EMPTY;
    };
    let mut disabled = Features::EMPTY;
    let mut add = |name: &str| match bit(name, arch) {
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
pub(crate) fn disabled_by_env() -> Features {
    let Some(value) = std::env::var_os("PERFATTR_DISABLE") else {
        return Features::EMPTY;
    };
    let value = value.to_string_lossy();
    parse_disable(&value, |name| {
        std::eprintln!("perfattr: PERFATTR_DISABLE names unknown feature or target `{name}`");
    })
}

#[cfg(not(feature = "std"))]
pub(crate) fn disabled_by_env() -> Features {
    Features::EMPTY
}
