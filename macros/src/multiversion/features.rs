//! The CPU feature table: every `target_feature` name perfattr knows, what each implies, the
//! shorthands (`sse4`, `avx512`, `v2`…`v4`), and the runtime's copies generated from them.

use std::fmt::Write as _;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use super::table::Arch;
use super::table::{AARCH64_DETECTABLE, DETECT_ONLY, FEATURES, UNSTABLE};
use crate::common::set::Set;

/// A Rust release newer than perfattr's minimum (1.85) that stabilized target features.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Release {
    Rust1_89,
    Rust1_95,
}

impl Release {
    /// The runtime's switch for this release: `since_1_89!({ new } else { old })` expands to
    /// `new` when the compiler is this release or later.
    pub fn switch(self) -> Ident {
        let name = format!("since_{}", self.version().replace('.', "_"));
        Ident::new(&name, Span::call_site())
    }

    /// `"1.89"`.
    pub fn version(self) -> &'static str {
        match self {
            Release::Rust1_89 => "1.89",
            Release::Rust1_95 => "1.95",
        }
    }
}

/// The stable x86 target features that Rust 1.85 does not accept, by the release that accepts
/// them: clones that need one are compiled only from that release on. `sse4a` and `tbm`: the
/// oldest release verified here. Every aarch64 feature of the table is stable in 1.85.
/// `tests/tests/features.rs` checks the list against the compiler in use.
#[rustfmt::skip]
pub const NEWER: &[(Release, &[&str])] = &[
    (Release::Rust1_89, &[
        "avx512bf16", "avx512bitalg", "avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512fp16",
        "avx512ifma", "avx512vbmi", "avx512vbmi2", "avx512vl", "avx512vnni", "avx512vp2intersect",
        "avx512vpopcntdq", "avxifma", "avxneconvert", "avxvnni", "avxvnniint16", "avxvnniint8",
        "gfni", "kl", "sha512", "sm3", "sm4", "vaes", "vpclmulqdq", "widekl",
    ]),
    (Release::Rust1_95, &["sse4a", "tbm"]),
];

/// The release a set of features of `arch` needs, if newer than perfattr's minimum.
pub fn release_needed<'a>(
    features: impl IntoIterator<Item = &'a &'static str>,
    arch: Arch,
) -> Option<Release> {
    if arch != Arch::X86 {
        return None;
    }
    features
        .into_iter()
        .filter_map(|feature| {
            NEWER
                .iter()
                .find(|(_, names)| names.contains(feature))
                .map(|(release, _)| *release)
        })
        .max()
}

/// One row of the runtime's table: a name, its architecture, and whether a clone can be
/// compiled for it.
struct Row {
    name: &'static str,
    arch: Arch,
    target: bool,
}

/// The runtime's rows, in bit order: the target features, then the detect-only ones.
fn rows() -> impl Iterator<Item = Row> {
    let targets = FEATURES.iter().map(|&(name, arch, _)| Row {
        name,
        arch,
        target: true,
    });
    let detect_only = DETECT_ONLY.iter().map(|&(name, arch)| Row {
        name,
        arch,
        target: false,
    });
    targets.chain(detect_only)
}

const V2: &[&str] = &["cmpxchg16b", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt"];
const V3: &[&str] = &[
    "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "lzcnt", "movbe",
];
const AVX512: &[&str] = &["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

/// A name that stands for several features: those of the shorthands it includes, then its own.
/// Its own features are what distinguish it, and what `PERFATTR_DISABLE=<name>` masks.
struct Shorthand {
    name: &'static str,
    /// Other spellings: the x86-64 psABI level names `-C target-cpu` uses.
    alias: Option<&'static str>,
    arch: Arch,
    includes: &'static [&'static str],
    own: &'static [&'static str],
}

const SHORTHANDS: &[Shorthand] = &[
    Shorthand {
        name: "sse4",
        alias: None,
        arch: Arch::X86,
        includes: &[],
        own: &["sse4.1", "sse4.2"],
    },
    Shorthand {
        name: "avx512",
        alias: None,
        arch: Arch::X86,
        includes: &[],
        own: AVX512,
    },
    Shorthand {
        name: "v2",
        alias: Some("x86-64-v2"),
        arch: Arch::X86,
        includes: &[],
        own: V2,
    },
    Shorthand {
        name: "v3",
        alias: Some("x86-64-v3"),
        arch: Arch::X86,
        includes: &["v2"],
        own: V3,
    },
    Shorthand {
        name: "v4",
        alias: Some("x86-64-v4"),
        arch: Arch::X86,
        includes: &["v3"],
        own: AVX512,
    },
];

/// A feature or shorthand: its architecture and the features it enables, in order.
pub fn lookup(name: &str) -> Option<(Arch, Vec<&'static str>)> {
    if let Some(shorthand) = SHORTHANDS
        .iter()
        .find(|known| known.name == name || known.alias == Some(name))
    {
        let mut features = Vec::new();
        for included in shorthand.includes {
            if let Some((_, more)) = lookup(included) {
                features.extend(more);
            }
        }
        features.extend(shorthand.own);
        return Some((shorthand.arch, features));
    }
    FEATURES
        .iter()
        .find(|(known, _, _)| *known == name)
        .map(|(known, arch, _)| (*arch, vec![*known]))
}

/// Adds `feature` and everything it implies on `arch` to `implied`.
pub fn imply(feature: &'static str, arch: Arch, implied: &mut Set<&'static str>) {
    if !implied.insert(feature) {
        return;
    }
    if let Some((_, _, direct)) = FEATURES
        .iter()
        .find(|(known, a, _)| *known == feature && *a == arch)
    {
        for feature in *direct {
            imply(feature, arch, implied);
        }
    }
}

/// The error for a name that is neither a feature nor a shorthand: a feature only nightly Rust
/// accepts, or an unknown name with the nearest known ones.
pub fn unknown_message(name: &str) -> String {
    if UNSTABLE.iter().any(|(unstable, _)| *unstable == name) {
        return format!(
            "`#[multiversion]` target `{name}` is unstable in Rust: `#[target_feature(enable = \
             \"{name}\")]` needs a nightly compiler, so no clone can be built for it on stable"
        );
    }
    let known = FEATURES
        .iter()
        .map(|(known, _, _)| *known)
        .chain(SHORTHANDS.iter().map(|shorthand| shorthand.name))
        .chain(SHORTHANDS.iter().filter_map(|shorthand| shorthand.alias));
    let mut candidates: Vec<(usize, &str)> = known
        .map(|known| (distance(name, known), known))
        .filter(|(d, known)| {
            *d <= 2.max(name.len() / 4) || (name.len() > 2 && known.starts_with(name))
        })
        .collect();
    candidates.sort_unstable();
    candidates.dedup_by_key(|(_, known)| *known);
    let mut message = format!("unknown `#[multiversion]` target `{name}`");
    if !candidates.is_empty() {
        let names: Vec<String> = candidates
            .iter()
            .take(3)
            .map(|(_, known)| format!("`{known}`"))
            .collect();
        let _ = write!(message, "; did you mean {}?", names.join(", "));
    }
    message.push_str(
        " (targets are Rust feature names such as `avx2`, `sse4.1`, `neon`, joined with `+`, \
         or the shorthands `sse4`, `avx512`, `v2`, `v3`, `v4`)",
    );
    message
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// `features` as a bit mask over the runtime's rows: a feature's bit is its row.
pub fn mask(features: &Set<&'static str>, arch: Arch) -> u128 {
    rows()
        .enumerate()
        .filter(|(_, row)| row.arch == arch && features.contains(&row.name))
        .fold(0, |mask, (bit, _)| mask | 1 << bit)
}

/// The bits of the features named in `names` (of any architecture's table rows; unknown names,
/// from a newer perfattr's profile, have none).
pub fn mask_of_names(names: &[String], arch: Arch) -> u128 {
    rows()
        .enumerate()
        .filter(|(_, row)| row.arch == arch && names.iter().any(|name| name == row.name))
        .fold(0, |mask, (bit, _)| mask | 1 << bit)
}

/// The runtime's table `name` (see `perfattr_macros::__table`).
pub fn table(name: &TokenStream) -> TokenStream {
    match name.to_string().as_str() {
        "features" => runtime_table(),
        "compile_time" => compile_time_mask(),
        "std_detect" => std_detect_mask(),
        "disable_groups" => disable_groups(),
        other => {
            let message = format!("perfattr: no generated table `{other}`");
            quote!(::core::compile_error!(#message))
        }
    }
}

/// The runtime's feature table: `Feature { name, arch, implied, target }` per row, where
/// `implied` is the mask of the feature and everything it implies.
fn runtime_table() -> TokenStream {
    let rows = rows().map(|row| {
        let mut implied = Set::new();
        imply(row.name, row.arch, &mut implied);
        let implied = mask(&implied, row.arch);
        let arch = match row.arch {
            Arch::X86 => quote!(Arch::X86),
            Arch::Aarch64 => quote!(Arch::Aarch64),
        };
        let (name, target) = (row.name, row.target);
        let needs_rust = if let Some(release) = release_needed(&[row.name], row.arch) {
            let version = release.version();
            quote!(::core::option::Option::Some(#version))
        } else {
            quote!(::core::option::Option::None)
        };
        quote!(Feature { name: #name, arch: #arch, implied: #implied, target: #target, needs_rust: #needs_rust })
    });
    quote!(&[#(#rows),*])
}

/// An expression of the feature bits enabled at compile time: `cfg!(target_feature = …)` for
/// every target feature of the architecture being compiled for.
fn compile_time_mask() -> TokenStream {
    let terms = rows()
        .enumerate()
        .filter(|(_, row)| row.target)
        .map(|(bit, row)| {
            let (arch, name) = (row.arch.cfg(), row.name);
            let bit = 1_u128 << bit;
            quote!(if ::core::cfg!(all(#arch, target_feature = #name)) { #bit } else { 0 })
        });
    quote!(0_u128 #(| #terms)*)
}

/// An expression of the feature bits std detects on aarch64 (the runtime only uses it there,
/// with its `std` feature).
fn std_detect_mask() -> TokenStream {
    let terms = rows()
        .enumerate()
        .filter(|(_, row)| row.arch == Arch::Aarch64 && AARCH64_DETECTABLE.contains(&row.name))
        .map(|(bit, row)| {
            let (name, bit) = (row.name, 1_u128 << bit);
            quote!(if ::std::arch::is_aarch64_feature_detected!(#name) { #bit } else { 0 })
        });
    quote!(0_u128 #(| #terms)*)
}

/// `PERFATTR_DISABLE`'s names beside feature names: each shorthand (and its alias) with the
/// features that distinguish it (masking them masks everything that implies them too).
fn disable_groups() -> TokenStream {
    let rows = SHORTHANDS.iter().flat_map(|shorthand| {
        let own = shorthand.own;
        [Some(shorthand.name), shorthand.alias]
            .into_iter()
            .flatten()
            .map(move |name| quote!((#name, &[#(#own),*])))
    });
    quote!(&[#(#rows),*])
}
