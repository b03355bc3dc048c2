//! `#[multiversion(targets…)]`: parse → validate → clones + dispatcher.

use proc_macro2::TokenStream;
use quote::quote;

use crate::clone::{self, Placement};
use crate::dispatch::{self, Dispatcher};
use crate::errors::Errors;
use crate::function::{Body, Function};
use crate::placement::Hint;
use crate::{markers, targets};

const NAME: &str = "multiversion";

pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = targets::parse(args, &mut errors);
    let Some(mut function) = errors.ok(Function::parse(item, NAME)) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    check(&function, &mut errors);
    markers::rewrite(&mut function, &args.krate, &mut errors);
    errors.finish()?;

    let placement = Placement::of(&function);
    let dispatcher = Dispatcher {
        function: &function,
        targets: &args.targets,
        krate: &args.krate,
        placement,
    };
    let body = dispatcher.body();
    let siblings = (placement == Placement::Sibling).then(|| dispatcher.clones());
    let (inputs, _) = clone::forwarded_inputs(&function);
    let mut sig = function.sig.clone();
    sig.inputs = inputs;
    let attrs = function.attrs.iter().filter(|attr| {
        let on_clones = clone::is_codegen_attr(attr)
            || (placement == Placement::Sibling && clone::is_lint_attr(attr));
        !on_clones
    });
    // A hint attribute still to expand sets the dispatcher's inlining itself.
    let inline =
        (!function.attrs.iter().any(|attr| Hint::of(attr).is_some())).then(|| quote!(#[inline]));
    let vis = &function.vis;
    Ok(quote! {
        #inline
        #(#attrs)*
        #vis #sig {
            #body
        }
        #siblings
    })
}

fn check(function: &Function, errors: &mut Errors) {
    let sig = &function.sig;
    let mut error = |tokens: &dyn quote::ToTokens, message: &str| {
        errors.push(syn::Error::new_spanned(
            tokens,
            format!("`#[{NAME}]` {message}"),
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
    if let Some(ty) = dispatch::returns_impl_trait(function) {
        error(
            ty,
            "cannot apply to a function returning `impl Trait`: each clone would return a different \
             type, and lazy work (an iterator's `next`) would run outside the clone's target \
             features; return a concrete type",
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
        } else if path.is_ident("target_feature") {
            error(
                attr,
                "sets each clone's target features itself; remove this `#[target_feature]`",
            );
        } else if path.segments.last().is_some_and(|last| last.ident == NAME) {
            error(
                attr,
                "is applied twice to this function; list every target in one attribute",
            );
        }
    }
}
