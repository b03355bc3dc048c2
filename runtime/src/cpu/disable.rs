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

/// `PERFATTR_DISABLE`'s features. Unknown names are reported on standard error by the first
/// caller that claims `warned` (several threads may detect at once; one of them says it).
#[cfg(feature = "std")]
pub(crate) fn disabled_by_env(warned: &core::sync::atomic::AtomicBool) -> Features {
    crate::env::with_var(c"PERFATTR_DISABLE", |value| {
        let Some(value) = value else {
            return Features::EMPTY;
        };
        // Not UTF-8: read up to the first bad byte, and the rest is one unknown name.
        let (value, rest) = match core::str::from_utf8(value) {
            Ok(value) => (value, None),
            Err(error) => (
                core::str::from_utf8(&value[..error.valid_up_to()]).unwrap_or_default(),
                Some("(not UTF-8)"),
            ),
        };
        // No allocation unless a name is unknown: this runs in the first dispatch.
        let mut said = false;
        let mut say = |name: &str| {
            if !said && warned.swap(true, core::sync::atomic::Ordering::Relaxed) {
                return;
            }
            said = true;
            std::eprintln!(
                "perfattr: PERFATTR_DISABLE names unknown feature or target `{name}` (ignored; \
                 accepted: feature names, the target shorthands in perfattr::DISABLE_GROUPS, \
                 `all`)"
            );
        };
        let disabled = parse_disable(value, &mut say);
        if let Some(rest) = rest {
            say(rest);
        }
        disabled
    })
}

#[cfg(not(feature = "std"))]
pub(crate) fn disabled_by_env(_: &core::sync::atomic::AtomicBool) -> Features {
    Features::EMPTY
}
