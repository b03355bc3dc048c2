//! Measured dispatch at build time: the dispatch profile `PERFATTR_DISPATCH_PROFILE` names is
//! read by every `#[multiversion]` expansion, which embeds its function's measurements in the
//! registry entry (`__private::Measured`), for the runtime to match against the CPU's model at
//! the first call.
//!
//! A proc macro cannot see the path of the function it expands (the module, a method's type),
//! so rows are taken by the function's name, and the runtime keeps those whose path is the
//! function's. The build depends on the profile (an `include_bytes!` of it) and on the variable
//! (an `option_env!`), so cargo rebuilds when either changes.

use std::path::PathBuf;

use perfattr_profile::{Function, Profile};
use proc_macro2::TokenStream;
use quote::quote;
use syn::Path;

use super::features::{Arch, mask_of_names};

/// The variable naming the profile to embed.
pub const VARIABLE: &str = "PERFATTR_DISPATCH_PROFILE";

/// The profile of this build, read for one expansion.
pub struct Embedded {
    /// Where it is, absolute: what the build depends on.
    path: PathBuf,
    /// Its name as the variable gives it: what messages and the dispatch report show.
    shown: String,
    profile: Profile,
}

/// Reads the profile `PERFATTR_DISPATCH_PROFILE` names (relative paths from the crate's
/// manifest directory): `Ok(None)` when the variable is unset or empty.
///
/// # Errors
/// The file cannot be read or is no profile this perfattr reads: the message says which and
/// why, naming the variable.
pub fn load() -> Result<Option<Embedded>, String> {
    let Some(value) = std::env::var_os(VARIABLE).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let shown = value.to_string_lossy().into_owned();
    let mut path = PathBuf::from(&value);
    if path.is_relative() {
        if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
            path = PathBuf::from(dir).join(path);
        }
    }
    let text = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "`#[multiversion]`: {VARIABLE} names the dispatch profile `{shown}`, which cannot be \
             read ({error}); give an absolute path, or one relative to the crate's directory"
        )
    })?;
    let profile = Profile::parse(&text).map_err(|error| {
        format!(
            "`#[multiversion]`: the dispatch profile `{shown}` ({VARIABLE}) is not usable: \
             {error}; write it with `cargo bench` (or merge profiles with \
             `perfattr::profile::merge`), or unset {VARIABLE} to dispatch by rank"
        )
    })?;
    Ok(Some(Embedded {
        path,
        shown,
        profile,
    }))
}

/// What makes cargo rebuild the crate when the profile changes (the runtime's `entry!` reads
/// the variable with `option_env!`, so a change of the variable rebuilds it too).
pub fn tracking(embedded: Option<&Embedded>) -> TokenStream {
    let Some(embedded) = embedded else {
        return TokenStream::new();
    };
    let path = embedded.path.to_string_lossy();
    quote!(
        const _: &[::core::primitive::u8] = ::core::include_bytes!(#path);
    )
}

/// The measurements of function `name` with `clones` on `arch` (its targets' names, the
/// fallback last): the `Measured` rows of every row with the same name and clones, and, for rows with
/// the same name but other clones, a check that fails the build when the row is this
/// function's (its module is this function's: a measurement of clones it no longer has).
pub fn rows(
    embedded: Option<&Embedded>,
    name: &str,
    clones: &[&str],
    arch: Arch,
    krate: &Path,
) -> (TokenStream, TokenStream) {
    let Some(embedded) = embedded else {
        return (quote!(&[]), TokenStream::new());
    };
    let mut rows = Vec::new();
    let mut checks = Vec::new();
    let mut stale: Vec<&str> = Vec::new();
    for machine in &embedded.profile.machines {
        let on_arch = match machine.cpu.arch.as_str() {
            "x86_64" | "x86" => Arch::X86,
            "aarch64" => Arch::Aarch64,
            _ => continue,
        };
        for function in &machine.functions {
            let Some(prefix) = function.function.strip_suffix(name) else {
                continue;
            };
            let Some(prefix) = prefix.strip_suffix("::") else {
                continue;
            };
            if on_arch != arch {
                continue;
            }
            if function.clones == clones {
                rows.push(row(embedded, machine, function, clones, arch, krate));
            } else if !stale.contains(&function.function.as_str()) {
                stale.push(&function.function);
                let message = format!(
                    "`#[multiversion]`: the dispatch profile `{}` ({VARIABLE}) measured `{}` with \
                     the clones {}; it now has {}: measure it again (`cargo bench`), or remove \
                     its rows from the profile",
                    embedded.shown,
                    function.function,
                    function.clones.join(", "),
                    clones.join(", ")
                );
                checks.push(quote! {
                    const _: () = ::core::assert!(
                        !#krate::__private::in_module(#prefix, ::core::module_path!()),
                        #message
                    );
                });
            }
        }
    }
    (quote!(&[#(#rows),*]), quote!(#(#checks)*))
}

/// One machine's measurement of `function`, as a `__private::Measured`.
fn row(
    embedded: &Embedded,
    machine: &perfattr_profile::Machine,
    function: &Function,
    clones: &[&str],
    arch: Arch,
    krate: &Path,
) -> TokenStream {
    let cpu = &machine.cpu;
    let (path, source) = (&function.function, &embedded.shown);
    let (cpu_arch, vendor, family, model, stepping) =
        (&cpu.arch, &cpu.vendor, cpu.family, cpu.model, cpu.stepping);
    let midr = cpu.midr.map_or_else(
        || quote!(::core::option::Option::None),
        |midr| quote!(::core::option::Option::Some(#midr)),
    );
    let features = mask_of_names(&cpu.features, arch);
    let cases = function.cases.iter().map(|case| {
        let ranked = case.contenders.iter().flat_map(|contender| {
            contender.clones.iter().filter_map(move |clone| {
                let index = u8::try_from(clones.iter().position(|c| c == clone)?).ok()?;
                #[allow(clippy::cast_possible_truncation, reason = "ratios, not exact")]
                let (ratio, low, high) = (
                    contender.ratio as f32,
                    contender.low as f32,
                    contender.high as f32,
                );
                Some(quote!(#krate::__private::Ranked { clone: #index, ratio: #ratio, low: #low, high: #high }))
            })
        });
        quote!(&[#(#ranked),*])
    });
    quote! {
        #krate::__private::Measured {
            function: #path,
            source: #source,
            arch: #cpu_arch,
            vendor: #vendor,
            family: #family,
            model: #model,
            stepping: #stepping,
            midr: #midr,
            features: #features,
            cases: &[#(#cases),*],
        }
    }
}
