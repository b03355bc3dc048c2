//! The names of a multiversioned function's clones and hidden modules, and how the dispatcher
//! and the other clones reach them.

use proc_macro2::Span;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;
use syn::LitStr;

use super::ir::{Args, Placement, Target};
use crate::common::attrs::unraw;
use crate::common::function::Function;
use crate::common::function::contains_impl_trait;
use crate::common::handoff::{CloneRef, Clones};

/// `avx2_fma`, or `fallback`.
fn suffix(target: Option<&Target>) -> String {
    target.map_or_else(|| "fallback".to_owned(), Target::suffix)
}

/// The hidden module of a target's clones, for [`Placement::Module`].
pub fn module(target: Option<&Target>) -> Ident {
    format_ident!("__perfattr_{}", suffix(target))
}

/// The identifier a clone is defined with.
pub fn ident(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    namespace: Option<&Ident>,
) -> Ident {
    sibling_ident(&function.sig.ident, placement, target, namespace)
}

/// The identifier of a group function's inlinable body at `target`: what the group's other
/// functions call (see `clone::emit_inline_body`).
pub fn inline_ident(
    name: &Ident,
    placement: Placement,
    target: Option<&Target>,
    namespace: Option<&Ident>,
) -> Ident {
    let clone = sibling_ident(name, placement, target, namespace);
    match placement {
        Placement::Module => format_ident!("__perfattr_inline_{}", clone, span = name.span()),
        Placement::Nested | Placement::Sibling | Placement::Trampoline => {
            format_ident!("{}_inline", clone, span = name.span())
        }
    }
}

pub fn sibling_ident(
    name: &Ident,
    placement: Placement,
    target: Option<&Target>,
    namespace: Option<&Ident>,
) -> Ident {
    let span = name.span();
    let suffix = suffix(target);
    match placement {
        Placement::Nested | Placement::Trampoline => {
            format_ident!("__perfattr_{}", suffix, span = span)
        }
        // Every method of the type shares one namespace: the method's name goes in with its
        // length, so no name and target suffix can spell another's (`foo` at `avx2_fma` and
        // `foo_avx2` at `fma`), and a trait's methods end in the trait's hash, which no target
        // suffix looks like.
        Placement::Sibling => {
            let name = unraw(name);
            let length = name.chars().count();
            match namespace {
                Some(namespace) => format_ident!(
                    "__perfattr_{}{}_{}_{}",
                    length,
                    name,
                    suffix,
                    namespace,
                    span = span
                ),
                None => format_ident!("__perfattr_{}{}_{}", length, name, suffix, span = span),
            }
        }
        Placement::Module => name.clone(),
    }
}

/// How the dispatcher names a clone: `__perfattr_avx2`, `Self::__perfattr_1f_avx2`,
/// `__perfattr_avx2::f`.
pub fn path(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    namespace: Option<&Ident>,
) -> TokenStream {
    let ident = ident(function, placement, target, namespace);
    match placement {
        Placement::Nested | Placement::Trampoline => quote!(#ident),
        Placement::Sibling => quote!(Self::#ident),
        Placement::Module => {
            let module = module(target);
            quote!(#module::#ident)
        }
    }
}

/// What a `#[bench_this]` on the same function is told: the clones' names, best first; with
/// `direct`, a free non-generic function whose clones are nested in its body, their
/// identifiers, `cfg`s and the fallback too (see `common::handoff`).
pub fn for_bench(args: &Args, direct: Option<&Function>) -> Clones {
    let direct = direct.filter(|function| {
        Placement::of(function) == Placement::Nested
            && function.sig.generics.params.is_empty()
            && !matches!(&function.sig.output, syn::ReturnType::Type(_, ty) if contains_impl_trait(ty))
    });
    let ident = |target: Option<&Target>| {
        direct.map(|function| ident(function, Placement::Nested, target, None))
    };
    let mut clones: Vec<CloneRef> = args
        .targets
        .iter()
        .map(|target| {
            let cfg = target.arch.cfg();
            CloneRef {
                cfg: if direct.is_some() {
                    vec![syn::parse_quote!(#[cfg(#cfg)])]
                } else {
                    Vec::new()
                },
                name: LitStr::new(&target.name, target.span),
                direct: ident(Some(target)),
            }
        })
        .collect();
    if direct.is_some() {
        clones.push(CloneRef {
            cfg: Vec::new(),
            name: LitStr::new("fallback", Span::call_site()),
            direct: ident(None),
        });
    }
    Clones(clones)
}
