//! Parsing of the attributes' own arguments:
//! `#[hot(inline = always, count = false, crate = ::perfattr)]`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, Meta, Path, Token};

use crate::common::attrs::Hint;
use crate::common::errors::Errors;
use crate::common::krate;

/// How `#[hot]` asks the compiler to inline.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Inline {
    /// `#[hot(inline = always)]`: `#[inline(always)]`.
    Always,
    /// `#[hot(inline = never)]`: hot but out of line, `#[inline(never)]`.
    Never,
}

pub struct Args {
    /// Where the runtime lives: `::perfattr` unless the user renamed the dependency.
    pub krate: Path,
    /// Only `#[hot]` takes it; `None` is the default `#[inline]` hint.
    pub inline: Option<(Inline, Span)>,
    /// `count = false`: the function and its branches get no counter sites (with the
    /// `counters` feature on, a site in a tight helper can cost more than the helper).
    pub count: bool,
}

const HOT_OPTIONS: &str = "`inline = always`, `inline = never`, `count = false`, `crate = path`";
const COLD_OPTIONS: &str = "`count = false`, `crate = path`";

/// Parses the arguments of `#[hint(...)]`, recording every problem in `errors`. Valid options
/// are kept even when others are wrong, so later checks still run.
pub fn parse(hint: Hint, args: TokenStream, errors: &mut Errors) -> Args {
    let mut parsed = Args {
        krate: krate::default(),
        inline: None,
        count: true,
    };
    let Some(metas) = errors.ok(Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args))
    else {
        return parsed;
    };
    let name = hint.name();
    let expected = match hint {
        Hint::Hot => HOT_OPTIONS,
        Hint::ColdPath => COLD_OPTIONS,
    };
    let mut seen_crate = false;
    let mut seen_count = false;
    for meta in metas {
        let key = meta.path();
        if key.is_ident("crate") {
            if std::mem::replace(&mut seen_crate, true) {
                errors.push(duplicate(name, &meta, "crate"));
            } else if let Some(path) = errors.ok(crate_path(name, &meta)) {
                parsed.krate = path;
            }
        } else if key.is_ident("count") {
            if std::mem::replace(&mut seen_count, true) {
                errors.push(duplicate(name, &meta, "count"));
            } else if let Some(count) = errors.ok(count(name, &meta)) {
                parsed.count = count;
            }
        } else if key.is_ident("inline") && hint == Hint::Hot {
            if parsed.inline.is_some() {
                errors.push(duplicate(name, &meta, "inline"));
            } else if let Some(inline) = errors.ok(inline(&meta)) {
                parsed.inline = Some((inline, span_of(&meta)));
            }
        } else {
            let key = quote!(#key).to_string().replace(' ', "");
            errors.push(syn::Error::new_spanned(
                meta.path(),
                format!("unknown `#[{name}]` option `{key}`; expected one of: {expected}"),
            ));
        }
    }
    parsed
}

fn duplicate(name: &str, meta: &Meta, key: &str) -> syn::Error {
    syn::Error::new_spanned(meta, format!("duplicate `#[{name}]` option `{key}`"))
}

fn span_of(meta: &Meta) -> Span {
    meta.path().segments[0].ident.span()
}

fn inline(meta: &Meta) -> syn::Result<Inline> {
    let usage = "`#[hot]` option `inline` expects `inline = always` or `inline = never` \
                 (without it, `#[hot]` gives the `#[inline]` hint)";
    let Meta::NameValue(pair) = meta else {
        return Err(syn::Error::new_spanned(meta, usage));
    };
    match &pair.value {
        Expr::Path(value) if value.path.is_ident("always") => Ok(Inline::Always),
        Expr::Path(value) if value.path.is_ident("never") => Ok(Inline::Never),
        other => Err(syn::Error::new_spanned(other, usage)),
    }
}

/// `count = false` (or `count = true`, the default).
fn count(name: &str, meta: &Meta) -> syn::Result<bool> {
    let usage = format!(
        "`#[{name}]` option `count` expects `count = false` (the function and its branches are \
         then not counted by the `counters` feature) or `count = true`, the default"
    );
    let Meta::NameValue(pair) = meta else {
        return Err(syn::Error::new_spanned(meta, usage));
    };
    match &pair.value {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(value),
            ..
        }) => Ok(value.value),
        other => Err(syn::Error::new_spanned(other, usage)),
    }
}

/// `crate = ::path` or, as serde spells it, `crate = "::path"`.
fn crate_path(name: &str, meta: &Meta) -> syn::Result<Path> {
    match meta {
        Meta::NameValue(pair) => krate::from_expr(name, &pair.value),
        other => Err(krate::missing_value(name, other)),
    }
}
