//! The per-clone forms besides `#[target_cfg]`, `target_cfg!` and `selected!`, for code moving
//! from the `multiversion` crate: `#[target_cfg_attr(P, attrs…)]` (attributes where `P` holds in
//! the clone), `match_target! { "avx2" | "x86_64+avx" => a, _ => b }` (the first arm whose
//! target the clone has) and `simd_width!(T)` (lanes of `T` in the clone's vector registers).

use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Meta, Token, Type};

use super::predicate::{Variant, substitute};

/// The attribute that adds attributes in the clones where a predicate holds.
pub const TARGET_CFG_ATTR: &str = "target_cfg_attr";
/// The macro that picks an expression by the clone's target.
pub const MATCH_TARGET: &str = "match_target";
/// The macro that gives the lanes of a type in the clone's vector registers.
pub const SIMD_WIDTH: &str = "simd_width";

/// `[cfg_attr(P', attrs…)]` for `#[target_cfg_attr(P, attrs…)]` (`arguments`: what is inside
/// its parentheses); `None` when malformed (reported).
pub fn cfg_attr(
    arguments: TokenStream,
    span: Span,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenTree> {
    let parsed =
        syn::parse::Parser::parse2(Punctuated::<Meta, Token![,]>::parse_terminated, arguments);
    let metas: Vec<Meta> = parsed
        .map(|metas| metas.into_iter().collect())
        .unwrap_or_default();
    let Some((predicate, attrs)) = metas.split_first().filter(|(_, attrs)| !attrs.is_empty())
    else {
        errors.push(syn::Error::new(
            span,
            "`#[target_cfg_attr]` takes a `cfg` predicate and the attributes it adds where the \
             predicate holds in the clone: `#[target_cfg_attr(target_feature = \"avx2\", inline)]`",
        ));
        return None;
    };
    let predicate = substitute(predicate, clone, errors);
    let mut cfg = Group::new(
        Delimiter::Bracket,
        quote_spanned!(span=> cfg_attr(#predicate, #(#attrs),*)),
    );
    cfg.set_span(span);
    Some(TokenTree::Group(cfg))
}

/// One arm of `match_target!`: its targets (`None`: `_`) and its expression.
struct Arm {
    targets: Vec<Option<LitStr>>,
    body: Expr,
}

impl Parse for Arm {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut targets = Vec::new();
        loop {
            if input.peek(Token![_]) {
                input.parse::<Token![_]>()?;
                targets.push(None);
            } else {
                targets.push(Some(input.parse::<LitStr>()?));
            }
            if !input.peek(Token![|]) {
                break;
            }
            input.parse::<Token![|]>()?;
        }
        input.parse::<Token![=>]>()?;
        let body = input.parse()?;
        Ok(Arm { targets, body })
    }
}

/// Numbers the bindings `match_target!` makes.
static ARMS: AtomicU64 = AtomicU64::new(0);

/// `match_target! { "x86_64+avx" | "v3" => a, _ => b }` in one clone: the first arm with a
/// target whose features the clone has (an architecture prefix, `x86_64+`, is left to `cfg`),
/// as `#[cfg]`-gated `let`s of which exactly one survives. `None` when malformed (reported).
pub fn match_target(
    args: &Group,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let usage = "`match_target!` takes arms `\"target\" | \"target\" => expression`, ending with \
                 `_ => expression`; a target is a perfattr target (`\"avx2+fma\"`, `\"v3\"`) or \
                 `multiversion`'s `\"x86_64+avx\"`";
    let parsed = syn::parse::Parser::parse2(
        Punctuated::<Arm, Token![,]>::parse_terminated,
        args.stream(),
    );
    let arms: Vec<Arm> = match parsed {
        Ok(arms) => arms.into_iter().collect(),
        Err(error) => {
            errors.push(syn::Error::new(error.span(), usage));
            return None;
        }
    };
    if !arms
        .last()
        .is_some_and(|arm| arm.targets.iter().any(Option::is_none))
    {
        errors.push(syn::Error::new(
            args.span(),
            "`match_target!` needs a last arm `_ => …`: the fallback clone has no target",
        ));
        return None;
    }
    let binding = format_ident!(
        "__perfattr_arm_{}",
        ARMS.fetch_add(1, Ordering::Relaxed),
        span = args.span()
    );
    let mut earlier: Vec<TokenStream> = Vec::new();
    let mut lets = Vec::new();
    for arm in &arms {
        let mut any = Vec::new();
        for target in &arm.targets {
            match target {
                None => any.push(quote!(all())),
                Some(target) => any.push(predicate(target, clone, errors)?),
            }
        }
        let holds = quote!(any(#(#any),*));
        let body = &arm.body;
        lets.push(quote! {
            #[cfg(all(#holds, #(not(#earlier)),*))]
            #[allow(clippy::let_and_return)]
            let #binding = #body;
        });
        earlier.push(holds);
    }
    Some(quote!({ #(#lets)* #binding }))
}

/// A `match_target!` target as a `cfg` predicate for `clone`: `all(target_arch = …,
/// target_feature = …)` with the features decided for the clone.
fn predicate(
    target: &LitStr,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let text = target.value();
    let mut parts: Vec<&str> = text.split('+').map(str::trim).collect();
    let arch = match parts.first().copied() {
        Some(arch @ ("x86" | "x86_64" | "aarch64" | "arm")) => {
            parts.remove(0);
            Some(arch)
        }
        _ => None,
    };
    let mut conditions = Vec::new();
    if let Some(arch) = arch {
        conditions.push(quote!(target_arch = #arch));
    }
    for feature in parts.iter().filter(|part| !part.is_empty()) {
        let meta: Meta = syn::parse_quote!(target_feature = #feature);
        let mut found = Vec::new();
        let decided = substitute(&meta, clone, &mut found);
        if !found.is_empty() {
            errors.push(syn::Error::new_spanned(
                target,
                format!(
                    "`match_target!`: unknown target feature `{feature}` in \"{text}\"; write \
                     a target as `#[multiversion]` does (`\"avx2+fma\"`, `\"v3\"`), optionally \
                     after an architecture (`\"x86_64+avx\"`)"
                ),
            ));
            return None;
        }
        conditions.push(decided);
    }
    Some(quote!(all(#(#conditions),*)))
}

/// `simd_width!(T)` in one clone: `Option<usize>`, the lanes of `T` in the widest vector
/// register the clone's features (or the whole crate's, whichever is wider) give: 64 bytes with
/// `avx512f`, 32 with `avx2` (or `avx`, for `f32` and `f64`), 16 with `sse2` or `neon`; `None`
/// without vector registers or for a zero-sized or wider `T`. A constant expression.
pub fn simd_width(
    args: &Group,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let Ok(ty) = syn::parse2::<Type>(args.stream()) else {
        errors.push(syn::Error::new(
            args.span(),
            "`simd_width!` takes an element type: `simd_width!(f32)`",
        ));
        return None;
    };
    let written = quote!(#ty).to_string();
    let float = written == "f32" || written == "f64";
    let has = |feature: &str| clone.features.contains(&feature);
    let clone_bytes = if has("avx512f") {
        64
    } else if has("avx2") || (float && has("avx")) {
        32
    } else if has("sse2") || has("neon") {
        16
    } else {
        0
    };
    let chain = match clone_bytes {
        64 => quote!(64),
        32 => quote!(if ::core::cfg!(target_feature = "avx512f") {
            64
        } else {
            32
        }),
        16 => quote! {
            if ::core::cfg!(target_feature = "avx512f") { 64 }
            else if ::core::cfg!(target_feature = "avx2") { 32 }
            else { 16 }
        },
        _ => quote! {
            if ::core::cfg!(target_feature = "avx512f") { 64 }
            else if ::core::cfg!(target_feature = "avx2") { 32 }
            else if ::core::cfg!(any(target_feature = "sse2", target_feature = "neon")) { 16 }
            else { 0 }
        },
    };
    Some(quote_spanned!(args.span()=> {
        let bytes: usize = #chain;
        let size = ::core::mem::size_of::<#ty>();
        if size == 0 || bytes < size {
            ::core::option::Option::None
        } else {
            ::core::option::Option::Some(bytes / size)
        }
    }))
}
