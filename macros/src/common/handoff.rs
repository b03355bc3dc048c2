//! What `#[multiversion]` tells a `#[bench_this]` still to expand on the same function: the
//! names of its clones, as an option both sides build and parse with syn.
//!
//! `#[multiversion]` expands first and removes itself, so the bench attribute below it can no
//! longer see the targets: `#[multiversion]` appends `__perfattr_clones = ["v3", "v2"]` to it.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

use super::attrs::{BENCH_THIS, names_attribute};
use super::function::Function;

/// The option's key.
pub const KEY: &str = "__perfattr_clones";

/// The clones of a multiversioned function, best first, without the fallback.
pub struct Clones(pub Vec<LitStr>);

impl Clones {
    /// The value after `__perfattr_clones =`: `["v3", "v2"]`.
    pub fn parse_value(input: ParseStream) -> syn::Result<Clones> {
        let content;
        syn::bracketed!(content in input);
        let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
        Ok(Clones(names.into_iter().collect()))
    }

    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(LitStr::value)
    }

    /// Appends the option to every `#[bench_this]` still to expand on `function`.
    pub fn pass_to_bench(&self, function: &mut Function) {
        for attr in &mut function.attrs {
            if names_attribute(attr, BENCH_THIS) {
                let path = attr.path().clone();
                let existing = match &attr.meta {
                    syn::Meta::List(list) => list.tokens.clone(),
                    _ => TokenStream::new(),
                };
                let separator = (!existing.is_empty()).then(|| quote!(,));
                attr.meta = syn::parse_quote!(#path(#existing #separator #self));
            }
        }
    }
}

impl ToTokens for Clones {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let key = proc_macro2::Ident::new(KEY, proc_macro2::Span::call_site());
        let names = &self.0;
        tokens.extend(quote!(#key = [#(#names),*]));
    }
}
