//! A `cfg` predicate as one clone sees it: `target_feature = "x"` holds where the clone's
//! `#[target_feature]` enables `x`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Lit, Meta, Token};

use super::super::features;
use crate::common::set::Set;

/// The clone a body is rewritten for.
pub struct Variant<'a> {
    /// `"avx2+fma"`, `"v3"`, or `"fallback"`.
    pub name: &'a str,
    /// The features it enables, implied ones included; empty for the fallback.
    pub features: &'a Set<&'static str>,
    /// Rewriting an item whose expansion failed: a malformed use is dropped (an attribute) or
    /// replaced (`false`, `"fallback"`), so only perfattr's error is reported.
    pub lenient: bool,
    /// The clone's `#[target_feature(enable = …)]` list, which an `#[inherit_target]` helper
    /// nested in it gets, and the runtime's path; `None` for the fallback and clones built
    /// without their features.
    pub inherit: Option<(&'a str, &'a syn::Path)>,
}

/// No feature enabled: nested functions, the fallback, and the clones without target
/// features (`clone::emit_flavour`).
pub static NONE: Set<&'static str> = Set::new();

/// `P` with each `target_feature = "x"` made `all()` where the clone enables `x` (or, for a
/// shorthand such as `v3`, all its features) and `any()` where it does not, through `not`, `all`
/// and `any`. A feature the whole crate is compiled with but the clone's `#[target_feature]`
/// does not list does not hold: Rust does not let code rely on it for a safe intrinsic call.
pub fn substitute(predicate: &Meta, clone: &Variant, errors: &mut Vec<syn::Error>) -> TokenStream {
    match predicate {
        Meta::NameValue(pair) if pair.path.is_ident("target_feature") => {
            let span = predicate.span();
            let Expr::Lit(syn::ExprLit {
                lit: Lit::Str(name),
                ..
            }) = &pair.value
            else {
                errors.push(syn::Error::new_spanned(
                    &pair.value,
                    "`target_feature` in `target_cfg` takes a string: `target_feature = \"avx2\"`",
                ));
                return quote_spanned!(span=> any());
            };
            let Some((_, features)) = features::lookup(&name.value()) else {
                errors.push(syn::Error::new_spanned(
                    name,
                    format!(
                        "`target_cfg`: unknown target feature `{}`; name a feature as \
                         `#[target_feature]` does (`avx2`, `sse4.2`, `avx512bw`, `neon`) or an \
                         x86-64 level (`v2`, `v3`, `v4`)",
                        name.value()
                    ),
                ));
                return quote_spanned!(span=> any());
            };
            if features
                .iter()
                .all(|feature| clone.features.contains(feature))
            {
                quote_spanned!(span=> all())
            } else {
                quote_spanned!(span=> any())
            }
        }
        Meta::List(list)
            if ["not", "all", "any"]
                .iter()
                .any(|name| list.path.is_ident(name)) =>
        {
            let Ok(nested) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            else {
                return quote!(#predicate);
            };
            let path = &list.path;
            let nested = nested.iter().map(|meta| substitute(meta, clone, errors));
            let nested: Vec<TokenStream> = nested.collect();
            quote!(#path(#(#nested),*))
        }
        _ => quote!(#predicate),
    }
}
