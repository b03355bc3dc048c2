//! Emission of a hinted function: the inline and cold attributes, and the linker section that
//! places it with other hot or unlikely code.

use proc_macro2::TokenStream;
use quote::quote;

use super::args::Inline;
use super::ir::Hinted;
use crate::body::sites;
use crate::common::attrs::{Hint, unraw};
use crate::common::function::Function;
use crate::common::hash::fnv1a;

pub fn hinted(hinted: Hinted) -> TokenStream {
    let Hinted {
        hint,
        inline,
        mut function,
        site,
    } = hinted;
    if let Some(block) = function.block_mut() {
        for stmt in site.into_iter().rev() {
            sites::insert_at_start(block, stmt);
        }
    }
    let codegen = match (hint, inline) {
        (Hint::Hot, None) => quote!(#[inline]),
        // The user asked for it by name; clippy's pedantic `inline_always` would repeat the
        // question in their crate.
        (Hint::Hot, Some(Inline::Always)) => {
            quote!(#[inline(always)] #[allow(clippy::inline_always)])
        }
        (Hint::Hot, Some(Inline::Never)) => quote!(#[inline(never)]),
        (Hint::ColdPath, _) => quote!(#[cold] #[inline(never)]),
    };
    let section = link_section(hint, &function);
    // With the `counters` feature the body counts, which a `const fn` cannot: nursery's
    // `missing_const_for_fn`, which only fires in builds without it, would advise a `const`
    // that turns the function's counting off.
    let lints = function
        .sig
        .constness
        .is_none()
        .then(|| quote!(#[allow(clippy::missing_const_for_fn)]));
    quote! {
        #codegen
        #lints
        #section
        #function
    }
}

/// The section prefix the GNU, gold and LLVM linkers group together: every default linker
/// script and lld's `-z keep-text-section-prefix` know `.text.hot` and `.text.unlikely`.
fn section_prefix(hint: Hint) -> &'static str {
    match hint {
        Hint::Hot => ".text.hot.",
        Hint::ColdPath => ".text.unlikely.",
    }
}

/// `#[cfg_attr(<ELF targets>, unsafe(link_section = "<prefix><name>.<hash>"))]`.
///
/// The name is unique per function (name plus a hash of its tokens) so that, as with
/// `-ffunction-sections`, `--gc-sections` can still drop each unused function on its own.
/// Mach-O and COFF get no section: their section names have other rules, and a wrong one
/// breaks the build.
fn link_section(hint: Hint, function: &Function) -> TokenStream {
    let tokens = quote!(#function).to_string();
    let section = format!(
        "{}{}.{:016x}",
        section_prefix(hint),
        unraw(&function.sig.ident),
        fnv1a(tokens.as_bytes())
    );
    // SAFETY (of the emitted `unsafe(link_section)`): the section holds only this function's
    // code, under a `.text.` name every ELF linker treats as code; nothing else is placed in it.
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
