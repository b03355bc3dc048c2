//! The CPU feature table: every `target_feature` name perfattr knows, what each implies, the
//! shorthands (`sse4`, `avx512`, `v2`…`v4`), and the runtime's copies generated from them.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Arch {
    X86,
    Aarch64,
}

impl Arch {
    /// The `cfg` predicate for this architecture.
    pub fn cfg(self) -> TokenStream {
        match self {
            Arch::X86 => quote!(any(target_arch = "x86", target_arch = "x86_64")),
            Arch::Aarch64 => quote!(target_arch = "aarch64"),
        }
    }
}

/// Rust's `target_feature` names perfattr can detect, with the features each implies. The
/// single source of truth: the runtime's table (and so each feature's bit, its index here)
/// is generated from it by [`runtime_table`].
const FEATURES: &[(&str, Arch, &[&str])] = &[
    ("sse", Arch::X86, &[]),
    ("sse2", Arch::X86, &["sse"]),
    ("sse3", Arch::X86, &["sse2"]),
    ("ssse3", Arch::X86, &["sse3"]),
    ("sse4.1", Arch::X86, &["ssse3"]),
    ("sse4.2", Arch::X86, &["sse4.1"]),
    ("popcnt", Arch::X86, &[]),
    ("cmpxchg16b", Arch::X86, &[]),
    ("avx", Arch::X86, &["sse4.2"]),
    ("avx2", Arch::X86, &["avx"]),
    ("fma", Arch::X86, &["avx"]),
    ("f16c", Arch::X86, &["avx"]),
    ("bmi1", Arch::X86, &[]),
    ("bmi2", Arch::X86, &[]),
    ("lzcnt", Arch::X86, &[]),
    ("movbe", Arch::X86, &[]),
    ("aes", Arch::X86, &["sse2"]),
    ("pclmulqdq", Arch::X86, &["sse2"]),
    ("sha", Arch::X86, &["sse2"]),
    ("adx", Arch::X86, &[]),
    ("xsave", Arch::X86, &[]),
    ("avx512f", Arch::X86, &["avx2", "fma", "f16c"]),
    ("avx512bw", Arch::X86, &["avx512f"]),
    ("avx512cd", Arch::X86, &["avx512f"]),
    ("avx512dq", Arch::X86, &["avx512f"]),
    ("avx512vl", Arch::X86, &["avx512f"]),
    ("avx512vnni", Arch::X86, &["avx512f"]),
    ("avx512vbmi", Arch::X86, &["avx512bw"]),
    ("neon", Arch::Aarch64, &[]),
    ("aes", Arch::Aarch64, &["neon"]),
    ("sha2", Arch::Aarch64, &["neon"]),
    ("crc", Arch::Aarch64, &[]),
    ("lse", Arch::Aarch64, &[]),
    ("rdm", Arch::Aarch64, &["neon"]),
    ("dotprod", Arch::Aarch64, &["neon"]),
    ("fp16", Arch::Aarch64, &["neon"]),
    ("sve", Arch::Aarch64, &["fp16"]),
    ("sve2", Arch::Aarch64, &["sve"]),
];

const V2: &[&str] = &["cmpxchg16b", "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt"];
const V3: &[&str] = &[
    "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "lzcnt", "movbe",
];
const AVX512: &[&str] = &["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

/// A name that stands for several features: those of the shorthands it includes, then its own.
/// Its own features are what distinguish it, and what `PERFATTR_DISABLE=<name>` masks.
struct Shorthand {
    name: &'static str,
    arch: Arch,
    includes: &'static [&'static str],
    own: &'static [&'static str],
}

const SHORTHANDS: &[Shorthand] = &[
    Shorthand {
        name: "sse4",
        arch: Arch::X86,
        includes: &[],
        own: &["sse4.1", "sse4.2"],
    },
    Shorthand {
        name: "avx512",
        arch: Arch::X86,
        includes: &[],
        own: AVX512,
    },
    Shorthand {
        name: "v2",
        arch: Arch::X86,
        includes: &[],
        own: V2,
    },
    Shorthand {
        name: "v3",
        arch: Arch::X86,
        includes: &["v2"],
        own: V3,
    },
    Shorthand {
        name: "v4",
        arch: Arch::X86,
        includes: &["v3"],
        own: AVX512,
    },
];

/// A feature or shorthand: its architecture and the features it enables, in order.
pub fn lookup(name: &str) -> Option<(Arch, Vec<&'static str>)> {
    if let Some(shorthand) = SHORTHANDS.iter().find(|known| known.name == name) {
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
pub fn imply(feature: &'static str, arch: Arch, implied: &mut BTreeSet<&'static str>) {
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

/// The error for a name that is neither a feature nor a shorthand, with the nearest names.
pub fn unknown_message(name: &str) -> String {
    let mut candidates: Vec<(usize, &str)> = FEATURES
        .iter()
        .map(|(known, _, _)| *known)
        .chain(SHORTHANDS.iter().map(|shorthand| shorthand.name))
        .map(|known| (distance(name, known), known))
        .filter(|(d, known)| *d <= 2 || known.starts_with(name) || name.starts_with(known))
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

/// `features` as a bit mask over [`FEATURES`]: a feature's bit is its row.
pub fn mask(features: &BTreeSet<&'static str>, arch: Arch) -> u64 {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (name, a, _))| *a == arch && features.contains(name))
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

/// The runtime's feature table: `Feature { name, arch, implied }` per row, where `implied` is
/// the mask of the feature and everything it implies.
fn runtime_table() -> TokenStream {
    let rows = FEATURES.iter().map(|(name, arch, _)| {
        let mut implied = BTreeSet::new();
        imply(name, *arch, &mut implied);
        let implied = mask(&implied, *arch);
        let arch = match arch {
            Arch::X86 => quote!(Arch::X86),
            Arch::Aarch64 => quote!(Arch::Aarch64),
        };
        quote!(Feature { name: #name, arch: #arch, implied: #implied })
    });
    quote!(&[#(#rows),*])
}

/// An expression of the feature bits enabled at compile time: `cfg!(target_feature = …)` for
/// every feature of the architecture being compiled for.
fn compile_time_mask() -> TokenStream {
    let terms = FEATURES.iter().enumerate().map(|(bit, (name, arch, _))| {
        let arch = arch.cfg();
        let bit = 1_u64 << bit;
        quote!(if ::core::cfg!(all(#arch, target_feature = #name)) { #bit } else { 0 })
    });
    quote!(0_u64 #(| #terms)*)
}

/// An expression of the feature bits std detects on aarch64 (the runtime only uses it there,
/// with its `std` feature).
fn std_detect_mask() -> TokenStream {
    let terms = FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (_, arch, _))| *arch == Arch::Aarch64)
        .map(|(bit, (name, _, _))| {
            let bit = 1_u64 << bit;
            quote!(if ::std::arch::is_aarch64_feature_detected!(#name) { #bit } else { 0 })
        });
    quote!(0_u64 #(| #terms)*)
}

/// `PERFATTR_DISABLE`'s names beside feature names: each shorthand with the features that
/// distinguish it (masking them masks everything that implies them too).
fn disable_groups() -> TokenStream {
    let rows = SHORTHANDS.iter().map(|shorthand| {
        let (name, own) = (shorthand.name, shorthand.own);
        quote!((#name, &[#(#own),*]))
    });
    quote!(&[#(#rows),*])
}
