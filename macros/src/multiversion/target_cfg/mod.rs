//! Per-clone code inside a multiversioned function: `#[target_cfg(P)]` on statements, items and
//! expressions, `target_cfg!(P)` and `selected!()`.
//!
//! `cfg!(target_feature = "avx2")` says what the whole crate is compiled with, not what a clone
//! has. In each clone's copy of the body these become `#[cfg(P')]`, `cfg!(P')` and the clone's
//! name, where `P'` is `P` with every `target_feature = "x"` replaced by `all()` when the clone's
//! `#[target_feature]` enables `x` (itself or by implication) and by `any()` when it does not:
//! exactly the features Rust lets the code rely on for safe intrinsic calls (a crate-wide
//! `-C target-feature` does not count there). The rest (`target_arch`, …) rustc decides as for
//! any `cfg`. In nested `fn` items, which are not compiled with the clone's features (closures
//! are), no feature holds.

use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Delimiter, Group, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::Meta;
use syn::spanned::Spanned;

mod inherit;
mod per_clone;
mod predicate;

use per_clone::{MATCH_TARGET, SIMD_WIDTH, TARGET_CFG_ATTR};
use predicate::substitute;
pub use predicate::{NONE, Variant};

use crate::common::function::{Body, Function};
use crate::common::set::Set;

/// The attribute, and the macro, that test the clone's features.
pub const TARGET_CFG: &str = "target_cfg";
/// The macro that names the clone.
pub const SELECTED: &str = "selected";
/// Every per-clone macro.
const MACROS: [&str; 4] = [TARGET_CFG, SELECTED, MATCH_TARGET, SIMD_WIDTH];
/// The `multiversion` crate's per-clone macros perfattr spells otherwise, and how.
const FOREIGN: [(&str, &str); 2] = [
    (
        "selected_target",
        "`target_cfg!(target_feature = \"avx\")` (a `bool` per clone) for \
         `supports_feature_str`, `selected!()` for the clone's name, `simd_width!(f32)` for \
         `suggested_simd_width::<f32>()`",
    ),
    ("target_cfg_f", "`target_cfg!(…)`"),
];
/// Every per-clone attribute.
const ATTRIBUTES: [&str; 2] = [TARGET_CFG, TARGET_CFG_ATTR];

/// `tokens` (a clone's body) for `clone`; each malformed use left as written and reported in
/// `errors` (the expansion reports them once, from the user's body, see [`check`]).
pub fn resolve(tokens: TokenStream, clone: &Variant, errors: &mut Vec<syn::Error>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    // After `fn name`: the next brace group is a nested function's body.
    let mut in_fn_item = false;
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(pound) if pound.as_char() == '#' => {
                let bang =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                let at = i + 1 + usize::from(bang);
                if let Some(TokenTree::Group(group)) = trees.get(at) {
                    if group.delimiter() == Delimiter::Bracket && !bang && inherits(group) {
                        let (item, next) = inherit::item(&trees, at + 1, clone, errors, resolve);
                        out.extend(item);
                        i = next;
                        continue;
                    }
                    if group.delimiter() == Delimiter::Bracket {
                        match attribute(group, clone, errors) {
                            Some(Some(cfg)) => {
                                out.extend(trees[i..at].iter().cloned());
                                out.push(cfg);
                                i = at + 1;
                                continue;
                            }
                            Some(None) if clone.lenient => {
                                i = at + 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                }
                out.push(trees[i].clone());
            }
            TokenTree::Ident(ident) if MACROS.iter().any(|name| ident == name) => {
                if let Some(replaced) = bang_group(&trees[i + 1..])
                    .and_then(|args| macro_call(&ident.to_string(), args, clone, errors))
                {
                    strip_path_prefix(&mut out);
                    out.extend(replaced);
                    i += 3;
                    continue;
                }
                out.push(trees[i].clone());
            }
            TokenTree::Ident(ident)
                if FOREIGN.iter().any(|(name, _)| ident == name)
                    && bang_group(&trees[i + 1..]).is_some() =>
            {
                foreign(ident, errors);
                if clone.lenient {
                    // Beside the error, an expression of any type, so rustc adds none.
                    strip_path_prefix(&mut out);
                    out.extend(quote!(::core::unreachable!()));
                    i += 3;
                    continue;
                }
                out.push(trees[i].clone());
            }
            TokenTree::Ident(ident) if ident == "fn" => {
                in_fn_item = matches!(trees.get(i + 1), Some(TokenTree::Ident(_)));
                out.push(trees[i].clone());
            }
            TokenTree::Punct(semi) if semi.as_char() == ';' => {
                in_fn_item = false;
                out.push(trees[i].clone());
            }
            TokenTree::Group(group) if in_fn_item && group.delimiter() == Delimiter::Brace => {
                in_fn_item = false;
                let nested = Variant {
                    features: &NONE,
                    inherit: None,
                    ..*clone
                };
                let mut body =
                    Group::new(Delimiter::Brace, resolve(group.stream(), &nested, errors));
                body.set_span(group.span());
                out.push(TokenTree::Group(body));
            }
            TokenTree::Group(group) => {
                let mut inner =
                    Group::new(group.delimiter(), resolve(group.stream(), clone, errors));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// The names among `target_cfg` and `selected` that `tokens` uses without a path
/// (`#[target_cfg(…)]`, `selected!()`), so imported. The rewrite removes every use, which
/// would leave the user's `use perfattr::target_cfg;` unused: the clone's body names them
/// again (`use target_cfg as _;`).
pub fn bare_names(tokens: TokenStream) -> Set<&'static str> {
    let mut names = Set::new();
    collect_bare(tokens, &mut names);
    names
}

fn collect_bare(tokens: TokenStream, names: &mut Set<&'static str>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => {
                // `#[target_cfg(…)]`: the bracket's first token is the name, alone.
                let attribute = group.delimiter() == Delimiter::Bracket
                    && i > 0
                    && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '#' || p.as_char() == '!');
                let first = group.stream().into_iter().take(2).collect::<Vec<_>>();
                if attribute {
                    match first.as_slice() {
                        [TokenTree::Ident(ident), TokenTree::Group(_)] => {
                            if let Some(name) = ATTRIBUTES.iter().find(|name| ident == *name) {
                                names.insert(*name);
                            }
                        }
                        [TokenTree::Ident(ident)] if ident == inherit::INHERIT => {
                            names.insert(inherit::INHERIT);
                        }
                        _ => {}
                    }
                }
                collect_bare(group.stream(), names);
            }
            TokenTree::Ident(ident) if MACROS.iter().any(|name| ident == name) => {
                let bang =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                // `perfattr::selected!()`, not `field: selected!()`.
                let pathed = i > 1
                    && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == ':')
                    && matches!(&trees[i - 2], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
                if let Some(name) = MACROS.iter().find(|name| ident == *name) {
                    if bang && !pathed {
                        names.insert(*name);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether `function`'s body names `target_cfg` anywhere: code that differs between clones
/// (see `Group::per_clone`).
pub fn differs(function: &Function) -> bool {
    match &function.body {
        Body::Block(block) => mentioned(quote!(#block)),
        Body::Semi(_) => false,
    }
}

fn mentioned(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => {
            ident == TARGET_CFG
                || ident == TARGET_CFG_ATTR
                || ident == MATCH_TARGET
                || ident == SIMD_WIDTH
        }
        TokenTree::Group(group) => mentioned(group.stream()),
        _ => false,
    })
}

/// Whether an attribute's bracket group is `[inherit_target]` (any path ending in it).
fn inherits(group: &Group) -> bool {
    syn::parse2::<syn::Path>(group.stream()).is_ok_and(|path| {
        path.segments
            .last()
            .is_some_and(|last| last.ident == inherit::INHERIT)
    })
}

/// A per-clone macro's replacement in `clone` (`name!(args)`); when malformed, `None`, or in a
/// lenient rewrite a value of the right type.
fn macro_call(
    name: &str,
    args: &Group,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let replaced = match name {
        SELECTED => selected(args, clone, errors),
        MATCH_TARGET => per_clone::match_target(args, clone, errors),
        SIMD_WIDTH => per_clone::simd_width(args, clone, errors),
        _ => target_cfg_macro(args, clone, errors),
    };
    replaced.or_else(|| {
        clone.lenient.then(|| match name {
            SELECTED => quote!("fallback"),
            MATCH_TARGET => quote!(::core::unreachable!()),
            SIMD_WIDTH => quote!(::core::option::Option::<usize>::None),
            _ => quote!(false),
        })
    })
}

/// Reports a `multiversion` macro perfattr spells otherwise, with perfattr's spelling.
fn foreign(ident: &proc_macro2::Ident, errors: &mut Vec<syn::Error>) {
    if let Some((name, spelling)) = FOREIGN.iter().find(|(name, _)| ident == name) {
        errors.push(syn::Error::new(
            ident.span(),
            format!("`{name}!` is the `multiversion` crate's macro; perfattr's: {spelling}"),
        ));
    }
}

/// The argument group of a macro invocation's `! (…)`, if `trees` start with one.
fn bang_group(trees: &[TokenTree]) -> Option<&Group> {
    match trees {
        [TokenTree::Punct(bang), TokenTree::Group(args), ..] if bang.as_char() == '!' => Some(args),
        _ => None,
    }
}

/// Reports every malformed `#[target_cfg]`, `target_cfg!` and `selected!` in a body.
pub fn check(tokens: TokenStream, errors: &mut Vec<syn::Error>) {
    let clone = Variant {
        name: "fallback",
        features: &NONE,
        lenient: false,
        inherit: None,
    };
    resolve(tokens, &clone, errors);
}

/// An item whose expansion failed, emitted beside the error: every use rewritten as outside
/// any clone, malformed ones dropped, so rustc adds no error of its own.
pub fn strip(tokens: TokenStream) -> TokenStream {
    let clone = Variant {
        name: "fallback",
        features: &NONE,
        lenient: true,
        inherit: None,
    };
    resolve(tokens, &clone, &mut Vec::new())
}

/// `[cfg(P')]` for the bracket group of a `#[target_cfg(P)]` (any path ending in
/// `target_cfg`), `Some(None)` for a malformed one, `None` for any other attribute.
#[allow(
    clippy::option_option,
    reason = "not ours / ours but malformed / rewritten"
)]
fn attribute(
    group: &Group,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<Option<TokenTree>> {
    let meta: Meta = syn::parse2(group.stream()).ok()?;
    let last = meta.path().segments.last()?;
    if last.ident == TARGET_CFG_ATTR {
        let arguments = match &meta {
            Meta::List(arguments) => arguments.tokens.clone(),
            _ => TokenStream::new(),
        };
        return Some(per_clone::cfg_attr(arguments, group.span(), clone, errors));
    }
    if last.ident != TARGET_CFG {
        return None;
    }
    let parsed = match &meta {
        Meta::List(arguments) => syn::parse2::<Meta>(arguments.tokens.clone()).ok(),
        _ => None,
    };
    let Some(predicate) = parsed else {
        errors.push(syn::Error::new_spanned(
            &meta,
            "`#[target_cfg]` takes one `cfg` predicate: \
             `#[target_cfg(target_feature = \"avx2\")]`, `#[target_cfg(not(…))]`, \
             `all(…)`, `any(…)`",
        ));
        return Some(None);
    };
    let span = group.span();
    let predicate = substitute(&predicate, clone, errors);
    let mut cfg = Group::new(Delimiter::Bracket, quote_spanned!(span=> cfg(#predicate)));
    cfg.set_span(span);
    Some(Some(TokenTree::Group(cfg)))
}

/// Numbers each `target_cfg!` constant.
static USES: AtomicU64 = AtomicU64::new(0);

/// A block whose value is `::core::cfg!(P')`, for the arguments of `target_cfg!(P)`.
fn target_cfg_macro(
    args: &Group,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
) -> Option<TokenStream> {
    let Ok(predicate) = syn::parse2::<Meta>(args.stream()) else {
        errors.push(syn::Error::new(
            args.span(),
            "`target_cfg!` takes one `cfg` predicate: `target_cfg!(target_feature = \"avx2\")`",
        ));
        return None;
    };
    let predicate = substitute(&predicate, clone, errors);
    // A constant of its own per use: in a clone where two tests both hold, `if a {} else if b {}`
    // would otherwise be `cfg!(all())` twice, which clippy's `ifs_same_cond` flags in the
    // user's crate.
    let constant = format_ident!(
        "__PERFATTR_TARGET_CFG_{}",
        USES.fetch_add(1, Ordering::Relaxed),
        span = args.span()
    );
    Some(quote_spanned!(args.span()=> {
        const #constant: bool = ::core::cfg!(#predicate);
        #constant
    }))
}

/// The clone's name as a string literal, for `selected!()`.
fn selected(args: &Group, clone: &Variant, errors: &mut Vec<syn::Error>) -> Option<TokenStream> {
    if !args.stream().is_empty() {
        errors.push(syn::Error::new(
            args.span(),
            "`selected!` takes no arguments: `selected!()` is the clone's name (`\"avx2\"`, \
             `\"fallback\"`)",
        ));
        return None;
    }
    let name = syn::LitStr::new(clone.name, args.span());
    Some(quote!(#name))
}

/// Removes the path before a `target_cfg!`/`selected!` already written to `out`
/// (`perfattr::`, `::perfattr::`, `$crate::`-like prefixes).
fn strip_path_prefix(out: &mut Vec<TokenTree>) {
    loop {
        let n = out.len();
        let colons = n >= 2
            && matches!(&out[n - 1], TokenTree::Punct(p) if p.as_char() == ':')
            && matches!(&out[n - 2], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint);
        if !colons {
            return;
        }
        out.truncate(n - 2);
        if matches!(out.last(), Some(TokenTree::Ident(_))) {
            out.pop();
            if matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '$') {
                out.pop();
            }
        } else {
            return;
        }
    }
}

/// The standalone `#[target_cfg(P)]`, outside any clone: `#[cfg(P)]`, what the whole crate is
/// compiled with.
pub fn standalone_attribute(args: &TokenStream, item: &TokenStream) -> TokenStream {
    if let Ok(predicate) = syn::parse2::<Meta>(args.clone()) {
        return quote!(#[cfg(#predicate)] #item);
    }
    let span = if args.is_empty() {
        Span::call_site()
    } else {
        args.span()
    };
    let error = syn::Error::new(
        span,
        "`#[target_cfg]` takes one `cfg` predicate: \
         `#[target_cfg(target_feature = \"avx2\")]`, `#[target_cfg(not(…))]`",
    )
    .to_compile_error();
    quote!(#error #item)
}

/// The standalone `selected!()`, outside any clone: an error that says where it works.
pub fn standalone_selected(args: &TokenStream) -> TokenStream {
    syn::Error::new(
        args.span(),
        "`selected!()` names the clone it is in: use it inside a `#[multiversion]` function \
         (or a function of a `#[multiversion]` `mod` or `impl`)",
    )
    .to_compile_error()
}

/// The standalone `#[target_cfg_attr(P, attrs…)]`, outside any clone: `#[cfg_attr(P, attrs…)]`.
pub fn standalone_cfg_attr(args: &TokenStream, item: &TokenStream) -> TokenStream {
    quote!(#[cfg_attr(#args)] #item)
}

/// A standalone per-clone macro (`match_target!`, `simd_width!`): an error that says where it
/// works.
pub fn standalone_macro(name: &str, args: &TokenStream) -> TokenStream {
    syn::Error::new(
        args.span(),
        format!(
            "`{name}!` is decided per clone: use it inside a `#[multiversion]` function (or a \
             function of a `#[multiversion]` `mod` or `impl`)"
        ),
    )
    .to_compile_error()
}

/// The standalone `#[inherit_target]`, outside any clone: an error that says where it works.
pub fn standalone_inherit(item: &TokenStream) -> TokenStream {
    let error = syn::Error::new(
        Span::call_site(),
        "`#[inherit_target]` gives a function nested in a `#[multiversion]` function (or in a \
         function of a `#[multiversion]` `mod` or `impl`) its clone's target features; this \
         function is in none",
    )
    .to_compile_error();
    quote!(#error #item)
}
