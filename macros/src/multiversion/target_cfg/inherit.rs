//! `#[inherit_target]` on a function nested in a multiversioned function: in each target clone
//! it gets the clone's `#[target_feature]`, so intrinsics in it are safe to call (Rust 1.86 and
//! later) and it inlines into the clone; its body sees the clone's features in `target_cfg`.
//! In the fallback it stays a plain function.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;

use super::predicate::{NONE, Variant};

/// The body rewrite (`target_cfg::resolve`), passed in: this file is a leaf of it.
pub type Resolve = fn(TokenStream, &Variant, &mut Vec<syn::Error>) -> TokenStream;

/// The attribute's name (`multiversion`'s, which perfattr keeps).
pub const INHERIT: &str = "inherit_target";

/// The nested function that starts at `trees[start]` (after its `#[inherit_target]`), up to
/// and with its body, rewritten for `clone`; and where the rest starts.
pub fn item(
    trees: &[TokenTree],
    start: usize,
    clone: &Variant,
    errors: &mut Vec<syn::Error>,
    resolve: Resolve,
) -> (TokenStream, usize) {
    // The item runs to the first brace group after `fn` at this level: its body.
    let fn_at = trees[start..]
        .iter()
        .position(|tree| matches!(tree, TokenTree::Ident(ident) if ident == "fn"))
        .map(|at| start + at);
    let body_at = fn_at.and_then(|fn_at| {
        trees[fn_at..]
            .iter()
            .position(
                |tree| matches!(tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace),
            )
            .map(|at| fn_at + at)
    });
    let Some(body_at) = body_at else {
        // Not a function with a body: leave it to rustc (`inherit_target` is no attribute
        // it knows, which says what is wrong).
        return (quote!(#[inherit_target]), start);
    };
    let TokenTree::Group(body) = &trees[body_at] else {
        unreachable!("found as a brace group")
    };
    let head: TokenStream = resolve(
        trees[start..body_at].iter().cloned().collect(),
        clone,
        errors,
    );
    let inner = Variant {
        features: if clone.inherit.is_some() {
            clone.features
        } else {
            &NONE
        },
        ..*clone
    };
    let mut resolved = Group::new(Delimiter::Brace, resolve(body.stream(), &inner, errors));
    resolved.set_span(body.span());
    let item = if let Some((enable, krate)) = clone.inherit {
        quote! {
            #krate::__private::inherit_fn! {
                #[target_feature(enable = #enable)]
                #head #resolved
            }
        }
    } else {
        quote!(#head #resolved)
    };
    (item, body_at + 1)
}
