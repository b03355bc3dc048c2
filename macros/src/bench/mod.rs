//! `#[bench_this(...)]`: a criterion benchmark generated from the annotated function, as
//! options → validation → typed IR → emission.
//!
//! The registration (a linker-section entry and the function that defines the benchmark
//! group) is emitted inside the function's body, through the runtime's `if_bench!`, so it
//! exists only when perfattr's `bench` feature is on. The timing loop is compiled there, in
//! the user's crate, and handed to criterion with `iter_custom`.

mod emit;
mod ir;
mod loops;
mod options;
mod valid;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::common::attrs::{BENCH_THIS, MULTIVERSION, names_attribute};
use crate::common::errors::Errors;
use crate::common::function::{Body, Function};
use options::Options;

const NAME: &str = BENCH_THIS;

#[allow(
    clippy::needless_pass_by_value,
    reason = "the signature every attribute's expand shares"
)]
pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let options = options::parse(&args, &mut errors);
    let Some(mut function) = errors.ok(Function::parse(item, NAME)) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    if let Some(deferred) = defer_to_multiversion(&mut function, &options, &args) {
        return Ok(deferred);
    }
    let params = valid::check(&function, &options, &mut errors);
    errors.finish()?;

    let krate = options.krate();
    let registration = emit::registration(&function, &options, &params, &krate);
    if let Body::Block(block) = &mut function.body {
        block
            .stmts
            .insert(0, syn::Stmt::Item(syn::Item::Verbatim(registration)));
    }
    // Benchmarked private functions are used by the bench build.
    function.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    let mut expanded = function.to_token_stream();
    expanded.extend(emit::unique_id(&function, &options, &krate));
    Ok(expanded)
}

/// A `#[multiversion]` still to expand on this function would copy a registration placed in
/// the body into every clone. Instead, this attribute re-emits itself right after it, to
/// expand on the dispatcher with the clones passed on (see `common::handoff`).
fn defer_to_multiversion(
    function: &mut Function,
    options: &Options,
    args: &TokenStream,
) -> Option<TokenStream> {
    let position = function
        .attrs
        .iter()
        .position(|a| names_attribute(a, MULTIVERSION))?;
    let krate = options.krate();
    function.attrs.insert(
        position + 1,
        syn::parse_quote!(#[#krate::bench_this(#args)]),
    );
    Some(function.into_token_stream())
}
