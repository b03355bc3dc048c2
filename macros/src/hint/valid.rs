//! Cross-checks between the hint and what else the user wrote on the function.

use syn::{Attribute, Meta};

use super::args::{Args, Inline};
use crate::common::attrs::Hint;
use crate::common::errors::Errors;
use crate::common::function::{Body, Function};

pub fn check(hint: Hint, function: &Function, args: &Args, errors: &mut Errors) {
    let name = hint.name();
    if let Body::Semi(_) = &function.body {
        errors.push(syn::Error::new_spanned(
            &function.sig,
            format!(
                "`#[{name}]` needs a function body: a declaration has no code to place \
                 (on a trait method, apply it to the implementations or give it a default body)"
            ),
        ));
    }
    for attr in &function.attrs {
        if let Some(other) = Hint::of(attr) {
            errors.push(hint_conflict(hint, other, attr));
        } else if let Some(message) = user_attribute_conflict(hint, args, attr) {
            errors.push(syn::Error::new_spanned(attr, message));
        }
    }
    let target_feature = function
        .attrs
        .iter()
        .find(|a| a.path().is_ident("target_feature"));
    if let (Some((Inline::Always, span)), Some(attr)) = (args.inline, target_feature) {
        let mut error = syn::Error::new(
            span,
            "`#[hot(inline = always)]` cannot be used on a `#[target_feature]` function: \
             Rust forbids `#[inline(always)]` there; use `#[hot]`",
        );
        error.combine(syn::Error::new_spanned(
            attr,
            "the target features are enabled here",
        ));
        errors.push(error);
    }
}

fn hint_conflict(hint: Hint, other: Hint, attr: &Attribute) -> syn::Error {
    let message = if hint == other {
        format!("`#[{}]` is applied twice to this function", hint.name())
    } else {
        "`#[hot]` and `#[cold_path]` cannot both be applied to one function: \
         a function is either hot or cold"
            .to_owned()
    };
    syn::Error::new_spanned(attr, message)
}

/// An attribute the user wrote that contradicts or repeats what the hint emits.
fn user_attribute_conflict(hint: Hint, args: &Args, attr: &Attribute) -> Option<String> {
    let path = attr.path();
    if path.is_ident("inline") {
        return Some(inline_conflict(hint, args, attr));
    }
    if path.is_ident("cold") {
        return Some(
            match hint {
                Hint::Hot => {
                    "`#[hot]` contradicts `#[cold]`; use `#[cold_path]` for a cold function"
                }
                Hint::ColdPath => {
                    "`#[cold_path]` already marks the function `#[cold]`; remove this"
                }
            }
            .to_owned(),
        );
    }
    if is_link_section(attr) {
        return Some(format!(
            "`#[{}]` places the function in its own linker section; remove this `link_section`",
            hint.name()
        ));
    }
    None
}

fn inline_conflict(hint: Hint, args: &Args, attr: &Attribute) -> String {
    let written = match &attr.meta {
        Meta::List(list) => list.tokens.to_string(),
        _ => String::new(),
    };
    match (hint, written.as_str()) {
        (Hint::Hot, "") if args.inline.is_none() => {
            "`#[hot]` already gives the `#[inline]` hint; remove this attribute".to_owned()
        }
        (Hint::Hot, "always" | "never") if args.inline.is_none() => format!(
            "`#[hot]` sets inlining itself: write `#[hot(inline = {written})]` \
             instead of `#[inline({written})]`"
        ),
        (Hint::Hot, _) => "`#[hot]` sets inlining itself; remove this attribute and use \
                           `#[hot]`, `#[hot(inline = always)]` or `#[hot(inline = never)]`"
            .to_owned(),
        (Hint::ColdPath, _) => "`#[cold_path]` functions are never inlined (it emits `#[cold]` \
                                and `#[inline(never)]`); remove this attribute"
            .to_owned(),
    }
}

/// `#[link_section = ...]` or `#[unsafe(link_section = ...)]`.
fn is_link_section(attr: &Attribute) -> bool {
    match &attr.meta {
        Meta::NameValue(pair) => pair.path.is_ident("link_section"),
        Meta::List(list) if list.path.is_ident("unsafe") => list
            .parse_args::<Meta>()
            .is_ok_and(|inner| inner.path().is_ident("link_section")),
        _ => false,
    }
}
