//! The clones of a multiversioned function: one copy of the body per target, compiled with
//! `#[target_feature]`, plus the fallback.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, FnArg, Ident, Pat, PatIdent, Path, Token, Type};

use super::ir::{Group, Placement, Target};
use super::names::{ident, inline_ident};
use super::rewrite;
use super::target_cfg::{self, Variant};
use crate::body::sites::{self, Context, Kind, Site};
use crate::common::copy::copy;
use crate::common::function::{Body, Function, contains_impl_trait};

/// Attributes that act on the body's code and so belong on the clones.
pub fn is_codegen_attr(attr: &Attribute) -> bool {
    let path = attr.path();
    path.is_ident("inline") || path.is_ident("cold")
}

pub fn is_lint_attr(attr: &Attribute) -> bool {
    ["allow", "warn", "deny", "forbid", "expect"]
        .iter()
        .any(|lint| attr.path().is_ident(lint))
}

/// One clone as an item. Calls to the group's functions inside it stay at the clone's
/// target: a recursive call goes to this clone, a call to another member to that member's
/// inlinable body at this target.
///
/// A target clone goes through the runtime's `target_fn!`, which adapts it to the compiler:
/// an `unsafe fn` before Rust 1.86 (no safe `#[target_feature]` functions), and without its
/// target features before the release that stabilized them (the clone is then never selected).
/// A method's target clones are `unsafe fn`s on every release, which a trait's default method
/// needs (a trait accepts `#[target_feature]` only on an `unsafe fn`).
pub fn emit(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    krate: &Path,
) -> TokenStream {
    if placement == Placement::Trampoline {
        return target.map_or_else(TokenStream::new, |target| {
            trampoline(
                target,
                krate,
                &ident(function, placement, Some(target), None),
            )
        });
    }
    let item = emit_flavour(function, placement, target, group, krate, Flavour::Clone);
    match target {
        None => item,
        Some(target) => {
            let cfg = target.arch.cfg();
            // A method's clones may sit in a trait definition (a default method), where
            // `#[target_feature]` needs an `unsafe fn`: they are one on every release.
            let unsafety = (placement == Placement::Sibling).then(|| quote!(unsafe));
            // Before the release that stabilized its features, the clone is built without
            // them, and its `#[target_cfg]` code as in a clone without features.
            let release = target.release().map(|release| {
                let switch = release.switch();
                let without = emit_flavour(
                    function,
                    placement,
                    Some(target),
                    group,
                    krate,
                    Flavour::Unavailable,
                );
                quote!((#switch) { #item } else { #without })
            });
            let item = release.unwrap_or_else(|| quote!(() #item));
            quote! {
                #[cfg(#cfg)]
                #krate::__private::target_fn! { #unsafety #item }
            }
        }
    }
}

/// A [`Placement::Trampoline`] target's trampoline: a generic function with the target's
/// `#[target_feature]` that calls the closure it is given. The closure, used once, is inlined
/// into it and so compiled with the target's features (before the release that stabilized them,
/// the trampoline has none and the target is never selected, as with `emit`).
fn trampoline(target: &Target, krate: &Path, ident: &Ident) -> TokenStream {
    let cfg = target.arch.cfg();
    let item = |features: TokenStream| {
        quote! {
            #features
            #[inline]
            fn #ident<R, F: ::core::ops::FnOnce() -> R>(f: F) -> R {
                f()
            }
        }
    };
    let enable = target.minimal().join(",");
    let with = item(quote!(#[target_feature(enable = #enable)]));
    let item = target.release().map_or_else(
        || quote!(() #with),
        |release| {
            let switch = release.switch();
            let without = item(quote!());
            quote!((#switch) { #with } else { #without })
        },
    );
    quote! {
        #[cfg(#cfg)]
        #krate::__private::target_fn! { #item }
    }
}

/// A [`Placement::Trampoline`] clone's body at `target` (`None`: the fallback), as the closure
/// `__perfattr_body`, which takes `self` and the parameters (`move`); `available`: with the target's
/// `#[target_cfg]` code (else as a clone without features, for a compiler that cannot build
/// the target). The closure declares the function's return type, so `?` and `return` inside
/// mean what they meant, unless it is an `impl Trait`.
pub fn trampoline_body(
    function: &Function,
    target: Option<&Target>,
    group: Group,
    krate: &Path,
    available: bool,
) -> TokenStream {
    let flavour = if available {
        Flavour::Clone
    } else {
        Flavour::Unavailable
    };
    let Some((body, per_clone)) = clone_body(
        function,
        Placement::Trampoline,
        target,
        group,
        krate,
        flavour,
    ) else {
        return TokenStream::new();
    };
    let output = match &function.sig.output {
        syn::ReturnType::Type(arrow, ty) if !contains_impl_trait(ty) => quote!(#arrow #ty),
        _ => quote!(),
    };
    // `move`, and an `FnOnce` from the start (`once`): the closure owns `self` and the
    // parameters, as the body did, so it can return a borrow of `&mut self` (a closure
    // inferred `FnMut` could only reborrow it).
    quote!(#per_clone let __perfattr_body = #krate::__private::once(move || #output #body);)
}

/// The body of a group function that other members call, as an `#[inline(always)]` function
/// without target features. rustc drops `#[inline]` on `#[target_feature]` functions, so a
/// small helper clone is often not inlined into its caller's clone; this body always is, and
/// is then compiled with the caller's features.
pub fn emit_inline_body(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    krate: &Path,
) -> TokenStream {
    if group.called.contains(&function.sig.ident) {
        emit_flavour(
            function,
            placement,
            target,
            group,
            krate,
            Flavour::InlineBody,
        )
    } else {
        TokenStream::new()
    }
}

/// Which item of a target `emit_flavour` writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    /// The clone, with its `#[target_feature]`.
    Clone,
    /// The clone as built by a Rust release that does not accept its features yet: no
    /// `#[target_feature]`, never selected.
    Unavailable,
    /// A group member's `#[inline(always)]` body without target features (see
    /// [`emit_inline_body`]).
    InlineBody,
}

/// With perfattr's `counters` feature, a clone counts its calls (nothing without it): the
/// counter report shows which clones a workload ran.
fn count_calls(body: &mut syn::Block, function: &Function, target: Option<&Target>, krate: &Path) {
    let context = Context {
        krate,
        function: &function.sig.ident,
        leaf: false,
    };
    let site = context.site(&Site {
        kind: Kind::Clone,
        name: None,
        parent: None,
        calls: &[],
        has_loop: false,
        reaches: &[],
        span: function.sig.ident.span(),
        target: Some(target.map_or("fallback", |target| target.name.as_str())),
    });
    sites::insert_at_start(body, site);
}

fn emit_flavour(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    krate: &Path,
    flavour: Flavour,
) -> TokenStream {
    let inline_body = flavour == Flavour::InlineBody;
    let mut sig = copy(&function.sig);
    sig.ident = if inline_body {
        inline_ident(&function.sig.ident, placement, target, group.namespace)
    } else {
        ident(function, placement, target, group.namespace)
    };
    sig.abi = None;
    let Some((body, per_clone)) = clone_body(function, placement, target, group, krate, flavour)
    else {
        return TokenStream::new();
    };

    let mut attrs: Vec<&Attribute> = function
        .attrs
        .iter()
        .filter(|a| is_codegen_attr(a))
        .collect();
    if placement != Placement::Nested {
        attrs.extend(
            function
                .attrs
                .iter()
                .filter(|a| is_lint_attr(a) || a.path().is_ident("cfg")),
        );
    }
    let inline = if inline_body {
        attrs.retain(|a| !is_codegen_attr(a));
        quote!(#[inline(always)] #[allow(clippy::inline_always)])
    } else if attrs.iter().any(|a| a.path().is_ident("inline")) {
        quote!()
    } else {
        quote!(#[inline])
    };
    let head = match placement {
        Placement::Nested | Placement::Trampoline => quote!(),
        // A trait method that ignores `self` is exempt from clippy's `unused_self`; its clone,
        // an inherent method, is not. The user's own method still gets the lint where it applies.
        Placement::Sibling => quote!(#[doc(hidden)] #[allow(clippy::unused_self)]),
        Placement::Module => quote!(pub(super)),
    };
    // A target clone's `cfg` goes on the runtime's `target_fn!` around it (see `emit`).
    let features = target.map(|target| match flavour {
        Flavour::InlineBody => {
            let cfg = target.arch.cfg();
            quote!(#[cfg(#cfg)])
        }
        Flavour::Clone => {
            let enable = target.minimal().join(",");
            quote!(#[target_feature(enable = #enable)])
        }
        Flavour::Unavailable => quote!(),
    });
    let (head, vis) = match placement {
        Placement::Module if inline_body => (quote!(), quote!()),
        Placement::Module => (quote!(), head),
        _ => (head, quote!()),
    };
    // A clone is never `const` (a `#[target_feature]` function cannot be; the fallback is
    // called through the same dispatch): nursery's `missing_const_for_fn` must not advise it,
    // for a `mod`'s helper as for the function the user calls. (A nested clone has its
    // dispatcher's exemption.)
    let not_const = matches!(placement, Placement::Module | Placement::Sibling)
        .then(|| quote!(#[allow(clippy::missing_const_for_fn)]));
    quote! {
        #features
        #inline
        #not_const
        #head
        #(#attrs)*
        #per_clone
        #vis #sig #body
    }
}

/// A clone's body: the user's, with calls kept at the clone's target, the clone's counter, and
/// its `#[target_cfg]` code; and the lint exemptions code that differs between clones needs.
fn clone_body(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    krate: &Path,
    flavour: Flavour,
) -> Option<(TokenStream, Option<TokenStream>)> {
    let inline_body = flavour == Flavour::InlineBody;
    let mut body = match &function.body {
        Body::Block(block) => copy(block),
        Body::Semi(_) => return None,
    };
    rewrite::keep_at_target(
        &mut body,
        function,
        placement,
        target,
        group,
        inline_body,
        krate,
    );
    // An inlinable body is part of its caller's clone: only clones count their calls.
    if !inline_body {
        count_calls(&mut body, function, target, krate);
    }
    // Only a function with the clone's `#[target_feature]` may rely on its features: an
    // inlinable body (no attribute; inlined into a clone, but checked on its own) and a clone
    // its compiler cannot build take the `#[target_cfg]` code of a clone without features.
    // A trampoline's body is a closure built outside the target's features: a helper with
    // them could not be called from it safely, so there `#[inherit_target]` gives none.
    let enable = target
        .filter(|_| flavour == Flavour::Clone && placement != Placement::Trampoline)
        .map(|target| target.minimal().join(","));
    let variant = Variant {
        name: target.map_or("fallback", |target| target.name.as_str()),
        features: match target {
            Some(target) if flavour == Flavour::Clone => &target.implied,
            _ => &target_cfg::NONE,
        },
        lenient: false,
        inherit: enable.as_deref().map(|enable| (enable, krate)),
    };
    // Code that differs between clones leaves, in some clones, a binding unused or not
    // mutated (`let mut n` whose `n += 1` only AVX2 compiles) or a `match` with one arm left,
    // as `#[cfg]` does in any crate; the other clones still see the lints.
    let per_clone = group.per_clone.contains(&function.sig.ident).then(|| {
        quote!(#[allow(unused_mut, unused_variables, unused_assignments, clippy::match_single_binding)])
    });
    for name in target_cfg::bare_names(quote!(#body)) {
        let name = Ident::new(name, Span::call_site());
        let used = quote!(#[allow(unused_imports)] use #name as _;);
        body.stmts
            .insert(0, syn::Stmt::Item(syn::Item::Verbatim(used)));
    }
    // Malformed uses were reported from the user's body (`valid::prepare`).
    let body = target_cfg::resolve(quote!(#body), &variant, &mut Vec::new());

    Some((body, per_clone))
}

/// The dispatcher's inputs: user patterns replaced by plain names (the clones keep the
/// patterns), and the expressions that forward them.
pub fn forwarded_inputs(function: &Function) -> (Punctuated<FnArg, Token![,]>, Vec<TokenStream>) {
    let mut inputs = Punctuated::new();
    let mut forward = Vec::new();
    for (index, input) in function.sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                inputs.push(FnArg::Receiver(copy(receiver)));
                forward.push(quote!(self));
            }
            FnArg::Typed(typed) => {
                let ident = match &*typed.pat {
                    Pat::Ident(PatIdent {
                        by_ref: None,
                        subpat: None,
                        ident,
                        ..
                    }) if ident != "self" => ident.clone(),
                    _ => Ident::new(&format!("__perfattr_arg{index}"), Span::call_site()),
                };
                let mut typed = copy(typed);
                typed.pat = Box::new(Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: ident.clone(),
                    subpat: None,
                }));
                inputs.push(FnArg::Typed(typed));
                forward.push(quote!(#ident));
            }
        }
    }
    (inputs, forward)
}

/// The input types, for a function-pointer type.
pub fn input_types(function: &Function) -> Vec<&Type> {
    function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(&*typed.ty),
            FnArg::Receiver(_) => None,
        })
        .collect()
}
