//! `#[multiversion(targets…)]`: parse → validate → clones + dispatcher.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Item;

use crate::clone::{self, Placement};
use crate::dispatch::{self, Dispatcher};
use crate::errors::Errors;
use crate::function::{Body, Function, names_attribute};
use crate::placement::Hint;
use crate::{group, markers, targets};

const NAME: &str = "multiversion";

pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = targets::parse(args, &mut errors);
    let group = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Mod(module)) => Some(group::module(&args, module, &mut errors)),
        Ok(Item::Impl(block)) => Some(Ok(group::impl_block(&args, block, &mut errors))),
        Ok(Item::Fn(_) | Item::Verbatim(_)) | Err(_) => None,
        Ok(other) => {
            errors.push(syn::Error::new_spanned(
                item_head(&other),
                "`#[multiversion]` can only be applied to functions, methods, inline modules \
                 and impl blocks",
            ));
            return errors.finish().map(|()| TokenStream::new());
        }
    };
    if let Some(expanded) = group {
        let expanded = errors.ok(expanded);
        errors.finish()?;
        return Ok(expanded.unwrap_or_default());
    }
    let Some(mut function) = errors.ok(Function::parse(item, NAME)) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    prepare(&mut function, &args.krate, &mut errors);
    errors.finish()?;
    pass_targets_to_bench(&mut function, &args.targets);

    let placement = Placement::of(&function);
    let members = [function.sig.ident.clone()];
    let arities = [function.sig.inputs.len()];
    let dispatcher = Dispatcher {
        function: &function,
        targets: &args.targets,
        krate: &args.krate,
        placement,
        group: clone::Group {
            members: &members,
            called: &[],
            arities: &arities,
        },
        used_internally: false,
    };
    let item = dispatcher_item(&dispatcher);
    let siblings = (placement == Placement::Sibling).then(|| dispatcher.clones());
    Ok(quote!(#item #siblings))
}

/// The first tokens of an item, where an error about the whole item points.
fn item_head(item: &Item) -> TokenStream {
    let mut tokens = quote!(#item).into_iter();
    tokens.by_ref().take_while(|tree| !matches!(tree, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace)).collect()
}

/// A `#[bench_this]` still to expand on this function benchmarks each clone: tell it the
/// targets, which it can no longer see once this attribute is gone.
pub fn pass_targets_to_bench(function: &mut Function, targets: &[targets::Target]) {
    let option = crate::bench::targets_option(targets);
    for attr in &mut function.attrs {
        if names_attribute(attr, "bench_this") {
            let path = attr.path().clone();
            let existing = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => TokenStream::new(),
            };
            let separator = (!existing.is_empty()).then(|| quote!(,));
            attr.meta = syn::parse_quote!(#path(#existing #separator #option));
        }
    }
}

/// Validates a function and rewrites its branch markers.
pub fn prepare(function: &mut Function, krate: &syn::Path, errors: &mut Errors) {
    check(function, errors);
    markers::rewrite(function, krate, false, errors);
}

/// The function as the user calls it: their attributes and signature (patterns replaced by
/// names), dispatching to the clones.
pub fn dispatcher_item(dispatcher: &Dispatcher) -> TokenStream {
    let function = dispatcher.function;
    let placement = dispatcher.placement;
    let body = dispatcher.body();
    let (inputs, _) = clone::forwarded_inputs(function);
    let mut sig = function.sig.clone();
    sig.inputs = inputs;
    let attrs = function.attrs.iter().filter(|attr| {
        let on_clones = clone::is_codegen_attr(attr)
            || (placement != Placement::Nested && clone::is_lint_attr(attr));
        !on_clones
    });
    // A hint attribute still to expand sets the dispatcher's inlining itself.
    let inline =
        (!function.attrs.iter().any(|attr| Hint::of(attr).is_some())).then(|| quote!(#[inline]));
    let used = dispatcher
        .used_internally
        .then(|| quote!(#[allow(dead_code)]));
    let vis = &function.vis;
    quote! {
        #inline
        #used
        #(#attrs)*
        #vis #sig {
            #body
        }
    }
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
    if let dispatch::Opaque::Unsupported(ty) = dispatch::opaque_return(sig) {
        error(
            ty,
            &format!(
                "can return `impl Trait` only as the whole return type, with the traits it can \
                 return for whichever clone runs: {}; otherwise return a concrete type",
                dispatch::RETURN_TRAITS
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
        } else if path.is_ident("target_feature") {
            error(
                attr,
                "sets each clone's target features itself; remove this `#[target_feature]`",
            );
        } else if names_attribute(attr, NAME) {
            error(
                attr,
                "is applied twice to this function; list every target in one attribute",
            );
        }
    }
}
