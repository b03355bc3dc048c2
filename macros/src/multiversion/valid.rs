//! Cross-checks of `#[multiversion]`: targets that can never be chosen, and functions that
//! cannot be cloned (no body, `const fn`, `async fn`, other `impl Trait` returns, attributes
//! that conflict with `#[target_feature]`).

use super::ir::{Opaque, RETURN_TRAITS, Target, opaque_return};
use crate::body::markers;
use crate::common::attrs::{MULTIVERSION, names_attribute};
use crate::common::errors::Errors;
use crate::common::function::{Body, Function};

/// Duplicates, and targets an earlier one always shadows: targets are tried in order, so a
/// later target whose features include an earlier one's can never be chosen.
pub fn check_order(targets: &[Target], errors: &mut Errors) {
    for (later_index, later) in targets.iter().enumerate() {
        let earlier = targets[..later_index].iter().find(|earlier| {
            earlier.arch == later.arch && earlier.implied.is_subset(&later.implied)
        });
        if let Some(earlier) = earlier {
            let message = if earlier.name == later.name {
                format!(
                    "duplicate `#[multiversion]` target: remove the repeated `{}`",
                    later.name
                )
            } else if earlier.implied == later.implied {
                format!(
                    "duplicate `#[multiversion]` target: `{}` needs the same features as the \
                     earlier `{}`; remove one of them",
                    later.name, earlier.name
                )
            } else {
                format!(
                    "`#[multiversion]` target `{}` can never be chosen: every CPU that has it also has \
                     the earlier target `{}`, which is tried first; list targets best first",
                    later.name, earlier.name
                )
            };
            errors.push(syn::Error::new(later.span, message));
        }
    }
}

/// Validates a function and rewrites its branch markers (uncounted: a multiversioned function
/// has no counter sites of its own).
pub fn prepare(function: &mut Function, krate: &syn::Path, errors: &mut Errors) {
    check(function, errors);
    if let Body::Block(block) = &function.body {
        let mut found = Vec::new();
        super::target_cfg::check(quote::quote!(#block), &mut found);
        for error in found {
            errors.push(error);
        }
    }
    markers::rewrite(function, krate, None, errors);
}

fn check(function: &Function, errors: &mut Errors) {
    let sig = &function.sig;
    let mut error = |tokens: &dyn quote::ToTokens, message: &str| {
        errors.push(syn::Error::new_spanned(
            tokens,
            format!("`#[{MULTIVERSION}]` {message}"),
        ));
    };
    if let Body::Semi(_) = function.body {
        error(sig, "needs a function body: each clone is a copy of it");
    }
    if let Some(constness) = &sig.constness {
        error(
            constness,
            "cannot apply to a `const fn`: the clone is chosen at run time",
        );
    }
    if let Some(asyncness) = &sig.asyncness {
        error(
            asyncness,
            "cannot apply to an `async fn`: the target features would cover creating the future, \
             not the code that runs when it is polled; multiversion a synchronous function it calls",
        );
    }
    if let Some(variadic) = &sig.variadic {
        error(variadic, "cannot apply to a variadic function");
    }
    if let Opaque::Unsupported(ty) = opaque_return(sig) {
        error(
            ty,
            &format!(
                "can return `impl Trait` only as the whole return type, with the traits it can \
                 return for whichever clone runs: {}; otherwise return a concrete type",
                RETURN_TRAITS
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    for attr in &function.attrs {
        let path = attr.path();
        let always = path.is_ident("inline")
            && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.to_string() == "always");
        if always {
            error(
                attr,
                "clones cannot be `#[inline(always)]`: Rust forbids it with `#[target_feature]`; use `#[inline]`",
            );
        } else if path.is_ident("track_caller") {
            error(
                attr,
                "cannot pass `#[track_caller]` through its dispatcher: the call reaches the clone \
                 through a function pointer, so `Location::caller()` would name the dispatcher, \
                 not your caller; remove it, or take `&'static Location` as a parameter (pass \
                 `Location::caller()` from a `#[track_caller]` wrapper)",
            );
        } else if path.is_ident("target_feature") {
            error(
                attr,
                "sets each clone's target features itself; remove this `#[target_feature]`",
            );
        } else if names_attribute(attr, MULTIVERSION) {
            error(
                attr,
                "is applied twice to this function; list every target in one attribute",
            );
        }
    }
}
