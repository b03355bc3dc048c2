//! `#[hot]` and `#[cold_path]` on a function: arguments → validation → typed IR → emission.

mod args;
mod emit;
mod ir;
mod valid;

use proc_macro2::TokenStream;

use crate::common::attrs::Hint;
use crate::common::errors::Errors;
use crate::common::function::Function;

pub fn hot(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    expand(Hint::Hot, args, item)
}

pub fn cold_path(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    expand(Hint::ColdPath, args, item)
}

fn expand(hint: Hint, args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = args::parse(hint, args, &mut errors);
    let Some(function) = errors.ok(Function::parse(item, hint.name())) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    valid::check(hint, &function, &args, &mut errors);
    let hinted = ir::Hinted::new(hint, &args, function, &mut errors);
    errors.finish()?;
    Ok(emit::hinted(hinted))
}
