//! `#[cfg_attr(predicate, …)]` around perfattr's hints inside a function: the hints taken out of
//! it, and the statements they become gated by its predicate.

use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Stmt, Token};

use super::exprs::expr_attrs_mut;
use crate::common::attrs::Hint;
use crate::common::copy::copy;

/// The perfattr hints of a `#[cfg_attr(predicate, a, b, …)]`.
pub struct CfgHints {
    pub predicate: Meta,
    /// Each hint as an attribute of its own.
    pub hints: Vec<(Hint, Attribute)>,
    /// The `cfg_attr` with the other attributes, if any.
    pub rest: Option<Attribute>,
}

/// The perfattr hints in `#[cfg_attr(predicate, a, b, …)]`; `None` for any other attribute,
/// one without hints, or one that does not parse as `cfg_attr`'s arguments.
pub fn cfg_attr_hints(attr: &Attribute) -> Option<CfgHints> {
    if !attr.path().is_ident("cfg_attr") {
        return None;
    }
    let list = attr.meta.require_list().ok()?;
    let metas = list
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()?;
    let mut metas = metas.into_iter();
    let predicate = metas.next()?;
    let mut hints = Vec::new();
    let mut others: Punctuated<Meta, Token![,]> = Punctuated::new();
    for meta in metas {
        let inner = with_meta(attr, meta);
        match Hint::of(&inner) {
            Some(hint) => hints.push((hint, inner)),
            None => others.push(inner.meta),
        }
    }
    if hints.is_empty() {
        return None;
    }
    let rest = (!others.is_empty()).then(|| {
        let mut rest = with_meta(attr, copy(&attr.meta));
        if let Meta::List(list) = &mut rest.meta {
            list.tokens = quote::quote!(#predicate, #others);
        }
        rest
    });
    Some(CfgHints {
        predicate,
        hints,
        rest,
    })
}

/// `attr`'s `#[…]` around `meta`: the tokens built anew from their spans (syn's tokens are
/// `Copy` only with `clone-impls`, which this crate does without: see `common::copy`).
fn with_meta(attr: &Attribute, meta: Meta) -> Attribute {
    Attribute {
        pound_token: Token![#](attr.pound_token.span),
        style: match &attr.style {
            syn::AttrStyle::Outer => syn::AttrStyle::Outer,
            syn::AttrStyle::Inner(bang) => syn::AttrStyle::Inner(Token![!](bang.span)),
        },
        bracket_token: syn::token::Bracket {
            span: attr.bracket_token.span,
        },
        meta,
    }
}

/// `stmt` compiled only where `predicate` holds: `#[cfg(predicate)]` on it.
pub fn gated(mut stmt: Stmt, predicate: &Meta) -> Stmt {
    let cfg: Attribute = syn::parse_quote!(#[cfg(#predicate)]);
    match &mut stmt {
        Stmt::Macro(mac) => mac.attrs.push(cfg),
        Stmt::Local(local) => local.attrs.push(cfg),
        Stmt::Expr(expr, _) => {
            if let Some(attrs) = expr_attrs_mut(expr) {
                attrs.push(cfg);
            }
        }
        Stmt::Item(_) => {}
    }
    stmt
}
