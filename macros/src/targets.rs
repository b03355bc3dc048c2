//! `#[multiversion(...)]` targets: parsing, the feature table, and validation.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitFloat, LitInt, LitStr, Path, Token};

use crate::errors::Errors;

#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Arch {
    X86,
    Aarch64,
}

impl Arch {
    /// The `cfg` predicate for this architecture.
    pub fn cfg(self) -> TokenStream {
        match self {
            // cmpxchg16b is x86_64-only, so v2 leaves it out (every SSE4.2 CPU has it).
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

/// Names that stand for several features.
const SHORTHANDS: &[(&str, Arch, &[&[&str]])] = &[
    ("sse4", Arch::X86, &[&["sse4.1", "sse4.2"]]),
    ("avx512", Arch::X86, &[AVX512]),
    ("v2", Arch::X86, &[V2]),
    ("v3", Arch::X86, &[V2, V3]),
    ("v4", Arch::X86, &[V2, V3, AVX512]),
];

/// One target: the clone compiled with `features`.
pub struct Target {
    /// Normalized as written: `avx2+fma`, `sse4.1`, `v3`.
    pub name: String,
    pub arch: Arch,
    /// The features to enable, as written (shorthands expanded).
    pub enable: Vec<&'static str>,
    /// `enable` and everything it implies: what the CPU must have.
    pub closure: BTreeSet<&'static str>,
    pub span: Span,
}

impl Target {
    /// The target's features as a bit mask over [`FEATURES`].
    pub fn mask(&self) -> u64 {
        mask(&self.closure, self.arch)
    }

    /// The features to name: `enable` without those another of them implies (`avx2` implies
    /// `avx` and the SSE levels). Enabling or testing these is the same as all of `enable`,
    /// and the generated code stays short.
    pub fn minimal(&self) -> Vec<&'static str> {
        self.enable
            .iter()
            .copied()
            .filter(|feature| {
                !self.enable.iter().any(|other| {
                    let mut implied = BTreeSet::new();
                    imply(other, self.arch, &mut implied);
                    other != feature && implied.contains(feature)
                })
            })
            .collect()
    }

    /// A Rust identifier fragment: `avx2_fma`, `sse4_1`.
    pub fn suffix(&self) -> String {
        self.name.replace(['+', '.'], "_")
    }
}

/// The parsed arguments of `#[multiversion(...)]`.
pub struct Args {
    pub targets: Vec<Target>,
    pub krate: Path,
}

/// One comma-separated element as written.
enum Element {
    /// `avx2 + fma`, `sse4.1`, `"avx2+fma"`: the parts with their spans.
    Target(Vec<(String, Span)>, Span),
    Crate(Path),
}

impl Parse for Element {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![crate]) && input.peek2(Token![=]) {
            input.parse::<Token![crate]>()?;
            input.parse::<Token![=]>()?;
            let value = input.span();
            let path = if input.peek(LitStr) {
                input.parse::<LitStr>()?.parse()
            } else {
                input.parse()
            };
            return path.map(Element::Crate).map_err(|_| {
                syn::Error::new(
                    value,
                    "`#[multiversion]` option `crate` expects a path, e.g. `crate = ::perfattr`",
                )
            });
        }
        if input.peek(Ident) && input.peek2(Token![=]) {
            let key: Ident = input.parse()?;
            return Err(syn::Error::new(
                key.span(),
                format!(
                    "unknown `#[multiversion]` option `{key}`; expected one of: `crate = path`"
                ),
            ));
        }
        if input.peek(LitStr) {
            let text: LitStr = input.parse()?;
            let parts = text
                .value()
                .split('+')
                .map(|part| (part.trim().to_owned(), text.span()))
                .collect();
            return Ok(Element::Target(parts, text.span()));
        }
        let start = input.span();
        let mut parts = vec![feature_name(input)?];
        while input.peek(Token![+]) {
            input.parse::<Token![+]>()?;
            parts.push(feature_name(input)?);
        }
        Ok(Element::Target(parts, start))
    }
}

/// `avx2`, or `sse4.1` (an identifier, a `.`, and a number), or `sse4 .1` as the lexer
/// sometimes splits it.
fn feature_name(input: ParseStream) -> syn::Result<(String, Span)> {
    let lookahead = input.lookahead1();
    if !lookahead.peek(Ident) {
        return Err(syn::Error::new(
            input.span(),
            "expected a CPU target such as `avx2`, `avx2 + fma`, `sse4.1`, `\"avx2+fma\"`, `v3`, \
             or the option `crate = path`",
        ));
    }
    let ident: Ident = input.parse()?;
    let mut name = ident.to_string();
    if input.peek(Token![.]) && input.peek2(LitInt) {
        input.parse::<Token![.]>()?;
        name.push('.');
        name.push_str(&input.parse::<LitInt>()?.to_string());
    } else if input.peek(LitFloat) {
        // `sse4.1` can lex as `sse4` followed by nothing else; a float here is `.1`-like.
        name.push_str(&input.parse::<LitFloat>()?.to_string());
    }
    Ok((name, ident.span()))
}

pub fn parse(args: TokenStream, errors: &mut Errors) -> Args {
    let mut parsed = Args {
        targets: Vec::new(),
        krate: syn::parse_quote!(::perfattr),
    };
    let parser = syn::punctuated::Punctuated::<Element, Token![,]>::parse_terminated;
    let Some(elements) = errors.ok(syn::parse::Parser::parse2(parser, args)) else {
        return parsed;
    };
    let mut seen_crate = false;
    for element in elements {
        match element {
            Element::Crate(path) => {
                if std::mem::replace(&mut seen_crate, true) {
                    errors.push(syn::Error::new_spanned(
                        path,
                        "duplicate `#[multiversion]` option `crate`",
                    ));
                } else {
                    parsed.krate = path;
                }
            }
            Element::Target(parts, span) => {
                if let Some(target) = resolve(&parts, span, errors) {
                    parsed.targets.push(target);
                }
            }
        }
    }
    if parsed.targets.is_empty() && !errors.is_pending() {
        errors.push(syn::Error::new(
            Span::call_site(),
            "`#[multiversion]` needs at least one target, best first, e.g. \
             `#[multiversion(avx2 + fma, sse4)]`",
        ));
    }
    check_order(&parsed.targets, errors);
    parsed
}

/// Looks up every part of a `+` combination and computes what it implies.
fn resolve(parts: &[(String, Span)], span: Span, errors: &mut Errors) -> Option<Target> {
    let mut arch = None;
    let mut enable: Vec<&'static str> = Vec::new();
    let mut ok = true;
    for (index, (name, part_span)) in parts.iter().enumerate() {
        if parts[..index].iter().any(|(earlier, _)| earlier == name) {
            errors.push(syn::Error::new(
                *part_span,
                format!("`{name}` is listed twice in this target"),
            ));
            ok = false;
            continue;
        }
        let Some((part_arch, features)) = lookup(name) else {
            errors.push(syn::Error::new(*part_span, unknown_message(name)));
            ok = false;
            continue;
        };
        if *arch.get_or_insert(part_arch) != part_arch {
            errors.push(syn::Error::new(
                *part_span,
                format!("`{name}` is for another architecture than the rest of this target"),
            ));
            ok = false;
        }
        for feature in features {
            if !enable.contains(&feature) {
                enable.push(feature);
            }
        }
    }
    let arch = arch.filter(|_| ok)?;
    let mut closure = BTreeSet::new();
    for feature in &enable {
        imply(feature, arch, &mut closure);
    }
    let name = parts
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("+");
    Some(Target {
        name,
        arch,
        enable,
        closure,
        span,
    })
}

/// A feature or shorthand: its architecture and the features it enables.
fn lookup(name: &str) -> Option<(Arch, Vec<&'static str>)> {
    if let Some((_, arch, groups)) = SHORTHANDS.iter().find(|(known, _, _)| *known == name) {
        return Some((
            *arch,
            groups
                .iter()
                .flat_map(|group| group.iter().copied())
                .collect(),
        ));
    }
    lookup_feature(name).map(|(known, arch)| (arch, vec![known]))
}

/// A feature name, for the first architecture that has it (`aes` is on both).
fn lookup_feature(name: &str) -> Option<(&'static str, Arch)> {
    FEATURES
        .iter()
        .find(|(known, _, _)| *known == name)
        .map(|(known, arch, _)| (*known, *arch))
}

fn imply(feature: &'static str, arch: Arch, closure: &mut BTreeSet<&'static str>) {
    if !closure.insert(feature) {
        return;
    }
    if let Some((_, _, implied)) = FEATURES
        .iter()
        .find(|(known, a, _)| *known == feature && *a == arch)
    {
        for implied in *implied {
            imply(implied, arch, closure);
        }
    }
}

fn unknown_message(name: &str) -> String {
    let mut candidates: Vec<(usize, &str)> = FEATURES
        .iter()
        .map(|(known, _, _)| *known)
        .chain(SHORTHANDS.iter().map(|(known, _, _)| *known))
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

/// Duplicates, and targets an earlier one always shadows: targets are tried in order, so a
/// later target whose features include an earlier one's can never be chosen.
fn check_order(targets: &[Target], errors: &mut Errors) {
    for (later_index, later) in targets.iter().enumerate() {
        let earlier = targets[..later_index].iter().find(|earlier| {
            earlier.arch == later.arch && earlier.closure.is_subset(&later.closure)
        });
        if let Some(earlier) = earlier {
            let message = if earlier.closure == later.closure {
                format!(
                    "duplicate `#[multiversion]` target: `{}` needs the same features as `{}`",
                    later.name, earlier.name
                )
            } else {
                format!(
                    "`#[multiversion]` target `{}` can never be chosen: every CPU that has it also has \
                     the earlier target `{}`, which is tried first; list targets best first",
                    later.name, earlier.name
                )
            };
            errors.push(syn::Error::new(later.span, message));
        }
    }
}

fn mask(features: &BTreeSet<&'static str>, arch: Arch) -> u64 {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (name, a, _))| *a == arch && features.contains(name))
        .fold(0, |mask, (bit, _)| mask | 1 << bit)
}

/// The runtime's feature table: `Feature { name, arch, closure }` per row, where `closure`
/// is the mask of the feature and everything it implies.
pub fn runtime_table() -> TokenStream {
    let rows = FEATURES.iter().map(|(name, arch, _)| {
        let mut closure = BTreeSet::new();
        imply(name, *arch, &mut closure);
        let closure = mask(&closure, *arch);
        let arch = match arch {
            Arch::X86 => quote!(Arch::X86),
            Arch::Aarch64 => quote!(Arch::Aarch64),
        };
        quote!(Feature { name: #name, arch: #arch, closure: #closure })
    });
    quote!(&[#(#rows),*])
}

/// An expression of the feature bits enabled at compile time: `cfg!(target_feature = …)` for
/// every feature of the architecture being compiled for.
pub fn compile_time_mask() -> TokenStream {
    let terms = FEATURES.iter().enumerate().map(|(bit, (name, arch, _))| {
        let arch = arch.cfg();
        let bit = 1_u64 << bit;
        quote!(if ::core::cfg!(all(#arch, target_feature = #name)) { #bit } else { 0 })
    });
    quote!(0_u64 #(| #terms)*)
}

/// An expression of the feature bits std detects on aarch64 (the runtime only uses it there,
/// with its `std` feature).
pub fn std_detect_mask() -> TokenStream {
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
