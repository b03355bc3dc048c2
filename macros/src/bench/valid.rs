//! Cross-checks of `#[bench_this]`: a function it can call with the inputs the options give.

use quote::{ToTokens, format_ident};
use syn::{Expr, FnArg, Pat};

use super::NAME;
use super::ir::Param;
use super::options::Options;
use crate::common::copy::copy;
use crate::common::errors::Errors;
use crate::common::function::{Body, Function, contains_impl_trait};

/// Checks `function` against `options`; returns its parameters.
pub fn check(function: &Function, options: &Options, errors: &mut Errors) -> Vec<Param> {
    let sig = &function.sig;
    let error = |errors: &mut Errors, tokens: &dyn ToTokens, message: String| {
        errors.push(syn::Error::new_spanned(tokens, message));
    };
    if let Body::Semi(_) = function.body {
        error(errors, sig, format!("`#[{NAME}]` needs a function body"));
    }
    if let Some(asyncness) = &sig.asyncness {
        error(
            errors,
            asyncness,
            format!(
                "`#[{NAME}]` cannot benchmark an `async fn`: benchmark the synchronous work it awaits, or a function that runs it to completion"
            ),
        );
    }
    check_generics(sig, options, errors);
    let receiver = sig.receiver();
    match (receiver, &options.setup) {
        (Some(receiver), None) => error(
            errors,
            receiver,
            format!(
                "`#[{NAME}]` on a method needs `setup = expr` building the value it is called on, e.g. `setup = Parser::new()`"
            ),
        ),
        (None, Some(setup)) => error(
            errors,
            setup,
            format!(
                "`#[{NAME}]` option `setup` builds the receiver of a method; this function has no `self`"
            ),
        ),
        _ => {}
    }
    let mut params = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else { continue };
        if contains_impl_trait(&typed.ty) {
            error(
                errors,
                typed,
                format!("`#[{NAME}]` needs concrete parameter types, not `impl Trait`"),
            );
        }
        let ident = match &*typed.pat {
            Pat::Ident(pat) => pat.ident.clone(),
            _ => format_ident!("__perfattr_arg{}", index),
        };
        params.push(Param {
            ident,
            ty: copy(&*typed.ty),
        });
    }
    match (&options.args, &options.input, &options.sizes) {
        (Some((span, _)), Some(input), _) => {
            let mut both = syn::Error::new(*span, format!("`#[{NAME}]` takes `args` or `input`, not both"));
            both.combine(syn::Error::new_spanned(input, "`input` given here"));
            errors.push(both);
        }
        (_, None, Some((span, _))) => errors.push(syn::Error::new(*span, format!("`#[{NAME}]` option `sizes` needs `input = generator`, which is called with each size"))),
        (None, None, None) if !params.is_empty() => errors.push(syn::Error::new_spanned(
            &sig.inputs,
            format!("`#[{NAME}]` needs inputs for these parameters: `args = [..]` (one benchmark per value) or `input = generator` (optionally with `sizes = [..]`)"),
        )),
        (Some((span, _)), None, _) if params.is_empty() => errors.push(syn::Error::new(*span, format!("`#[{NAME}]` option `args` is for a function with parameters; this one has none"))),
        _ => {}
    }
    check_sampling(options, errors);
    if let Some((span, _)) = &options.threads {
        check_threads(*span, sig, &params, errors);
    }
    if let Some((_, args)) = options.args.as_ref().filter(|_| params.len() > 1) {
        for arg in args {
            let arity = match arg {
                Expr::Tuple(tuple) => tuple.elems.len(),
                _ => 1,
            };
            if arity != params.len() {
                errors.push(syn::Error::new_spanned(arg, format!("`#[{NAME}]`: this function takes {} parameters, so each argument is a tuple of {}", params.len(), params.len())));
            }
        }
    }
    params
}

/// A generic function is benchmarked once per type of `types` and value of `consts`: one type
/// and one const parameter at most, each with its list; lifetimes are left to inference.
fn check_generics(sig: &syn::Signature, options: &Options, errors: &mut Errors) {
    let generics = &sig.generics;
    let (types, consts) = (
        generics.type_params().count(),
        generics.const_params().count(),
    );
    if types > 1 || consts > 1 {
        errors.push(syn::Error::new_spanned(
            generics,
            format!(
                "`#[{NAME}]` benchmarks a generic function with one type parameter (`types = [..]`) \
                 and one const parameter (`consts = [..]`) at most; benchmark a function that \
                 calls this one with the types you care about"
            ),
        ));
        return;
    }
    let lists = [
        (
            "types",
            "a type",
            "type",
            "types = [u8, u64, String]",
            options
                .types
                .as_ref()
                .map(|(span, list)| (*span, list.is_empty())),
            generics.type_params().next().map(|p| p.ident.span()),
        ),
        (
            "consts",
            "a const",
            "value",
            "consts = [16, 256, 4096]",
            options
                .consts
                .as_ref()
                .map(|(span, list)| (*span, list.is_empty())),
            generics.const_params().next().map(|p| p.ident.span()),
        ),
    ];
    for (key, kind, each, example, list, param) in lists {
        let message = match (list, param) {
            (None, Some(span)) => (
                span,
                format!(
                    "`#[{NAME}]` on a function with {kind} parameter needs `{key} = [..]`: one benchmark per {each}, e.g. `{example}`"
                ),
            ),
            (Some((span, _)), None) => (
                span,
                format!(
                    "`#[{NAME}]` option `{key}` is for a function with {kind} parameter; this one has none"
                ),
            ),
            (Some((span, true)), Some(_)) => (
                span,
                format!("`#[{NAME}]` option `{key}` needs one value at least, e.g. `{example}`"),
            ),
            _ => continue,
        };
        errors.push(syn::Error::new(message.0, message.1));
    }
}

/// Criterion needs 10 samples at least; the sampling options set a criterion group's sampling,
/// so a group several functions share cannot take them from one; `min_time` ≤ `max_time`.
fn check_sampling(options: &Options, errors: &mut Errors) {
    if let Some(count) = options.sample_count.as_ref().filter(|c| c.value < 10) {
        errors.push(syn::Error::new(
            count.span,
            format!("`#[{NAME}]` option `sample_count`: criterion takes 10 samples at least"),
        ));
    }
    let inverted = options
        .min_time
        .as_ref()
        .zip(options.max_time.as_ref())
        .filter(|(min, max)| min.value > max.value);
    if let Some((min, _)) = inverted {
        errors.push(syn::Error::new(
            min.span,
            format!("`#[{NAME}]`: `min_time` is above `max_time`"),
        ));
    }
    let sampling = [
        options.sample_count.as_ref().map(|c| c.span),
        options.min_time.as_ref().map(|s| s.span),
        options.max_time.as_ref().map(|s| s.span),
    ];
    if let (Some(group), Some(span)) = (&options.group, sampling.into_iter().flatten().next()) {
        let mut error = syn::Error::new(
            span,
            format!(
                "`#[{NAME}]`: `sample_count`, `min_time` and `max_time` set a criterion group's \
                 sampling, and this function shares its group with others; set them on \
                 functions with a group of their own"
            ),
        );
        error.combine(syn::Error::new_spanned(group, "the shared group"));
        errors.push(error);
    }
}

/// `threads` runs the function on several threads at once, sharing its inputs: they must be
/// references or numbers, and a method must take `&self`.
fn check_threads(
    span: proc_macro2::Span,
    sig: &syn::Signature,
    params: &[Param],
    errors: &mut Errors,
) {
    let shared = |r: &&syn::Receiver| matches!(r.kind, syn::ReceiverKind::Reference(_, _, None));
    if let Some(receiver) = sig.receiver().filter(|r| !shared(r)) {
        let mut error = syn::Error::new(
            span,
            format!(
                "`#[{NAME}]` option `threads` shares the receiver between threads: the method must take `&self`"
            ),
        );
        error.combine(syn::Error::new_spanned(receiver, "this receiver"));
        errors.push(error);
    }
    for param in params
        .iter()
        .filter(|p| !p.is_copy_like() || p.is_mut_ref())
    {
        let mut error = syn::Error::new(
            span,
            format!(
                "`#[{NAME}]` option `threads` shares the inputs between threads: parameters must be shared references (`&T`, `&[T]`, `&str`) or numbers"
            ),
        );
        error.combine(syn::Error::new_spanned(&param.ty, "this parameter"));
        errors.push(error);
    }
}
