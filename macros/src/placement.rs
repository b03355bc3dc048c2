//! Which hint an attribute gives, and where the linker should place the function.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Attribute;

use crate::function::{Function, names_attribute};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hint {
    Hot,
    ColdPath,
}

impl Hint {
    /// The perfattr hint an attribute names: `#[hot]`, `#[perfattr::cold_path]`, …
    pub fn of(attr: &Attribute) -> Option<Hint> {
        [Hint::Hot, Hint::ColdPath]
            .into_iter()
            .find(|hint| names_attribute(attr, hint.name()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Hint::Hot => "hot",
            Hint::ColdPath => "cold_path",
        }
    }

    /// The section prefix the GNU, gold and LLVM linkers group together: every default
    /// linker script and lld's `-z keep-text-section-prefix` know `.text.hot` and
    /// `.text.unlikely`.
    fn section_prefix(self) -> &'static str {
        match self {
            Hint::Hot => ".text.hot.",
            Hint::ColdPath => ".text.unlikely.",
        }
    }
}

/// `#[cfg_attr(<ELF targets>, unsafe(link_section = "<prefix><name>.<hash>"))]`.
///
/// The name is unique per function (name plus a hash of its tokens) so that, as with
/// `-ffunction-sections`, `--gc-sections` can still drop each unused function on its own.
/// Mach-O and COFF get no section: their section names have other rules, and a wrong one
/// breaks the build.
pub fn link_section(hint: Hint, function: &Function) -> TokenStream {
    let tokens = quote!(#function).to_string();
    let name = function.sig.ident.to_string();
    let name = name.strip_prefix("r#").unwrap_or(&name);
    let section = format!(
        "{}{name}.{:016x}",
        hint.section_prefix(),
        fnv1a(tokens.as_bytes())
    );
    quote! {
        #[cfg_attr(
            any(
                target_os = "linux",
                target_os = "android",
                target_os = "freebsd",
                target_os = "netbsd",
                target_os = "openbsd",
                target_os = "dragonfly",
                target_os = "illumos",
                target_os = "solaris",
                target_os = "fuchsia",
                target_os = "haiku",
            ),
            unsafe(link_section = #section)
        )]
    }
}

/// FNV-1a: stable across toolchains, so expansions (and their snapshots) are reproducible.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
