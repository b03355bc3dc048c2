//! Code generation: parse → validate → emit, per attribute.

use proc_macro2::TokenStream;
use quote::quote;

use crate::args::{self, Inline};
use crate::errors::Errors;
use crate::function::Function;
use crate::placement::{self, Hint};
use crate::{markers, valid};

pub fn hot(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    hint(Hint::Hot, args, item)
}

pub fn cold_path(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    hint(Hint::ColdPath, args, item)
}

fn hint(hint: Hint, args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = args::parse(hint, args, &mut errors);
    let Some(mut function) = errors.ok(Function::parse(item, hint.name())) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    valid::check(hint, &function, &args, &mut errors);
    markers::rewrite(&mut function, &args.krate, &mut errors);
    errors.finish()?;

    let codegen = match (hint, args.inline.map(|(inline, _)| inline)) {
        (Hint::Hot, None) => quote!(#[inline]),
        // The user asked for it by name; clippy's pedantic `inline_always` would repeat the
        // question in their crate.
        (Hint::Hot, Some(Inline::Always)) => {
            quote!(#[inline(always)] #[allow(clippy::inline_always)])
        }
        (Hint::Hot, Some(Inline::Never)) => quote!(#[inline(never)]),
        (Hint::ColdPath, _) => quote!(#[cold] #[inline(never)]),
    };
    let section = placement::link_section(hint, &function);
    Ok(quote! {
        #codegen
        #section
        #function
    })
}
