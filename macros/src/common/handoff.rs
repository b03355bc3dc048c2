//! What `#[multiversion]` tells a `#[bench_this]` still to expand on the same function: the
//! names of its clones, as an option both sides build and parse with syn.
//!
//! `#[multiversion]` expands first and removes itself, so the bench attribute below it can no
//! longer see the targets: `#[multiversion]` appends `__perfattr_clones = ["v3", "v2"]` to it.
//! Where the clones are nested in the dispatcher's body (a free, non-generic function), each
//! name also carries the clone's identifier and its `cfg`, and the fallback is listed, so the
//! bench's clone comparison can call the selected clone directly:
//! `[#[cfg(any(target_arch = "x86", target_arch = "x86_64"))] "v3" => __perfattr_v3,
//! "fallback" => __perfattr_fallback]`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::ParseStream;
use syn::{Attribute, Ident, LitStr, Token};

use super::attrs::{BENCH_THIS, names_attribute};
use super::function::Function;

/// The option's key.
pub const KEY: &str = "__perfattr_clones";

/// The clones of a multiversioned function, best first; the fallback last, only when the
/// clones can be called directly.
pub struct Clones(pub Vec<CloneRef>);

/// One clone: its target's name and, where the bench can call it directly, its identifier and
/// the `cfg` it exists under.
pub struct CloneRef {
    pub cfg: Vec<Attribute>,
    pub name: LitStr,
    pub direct: Option<Ident>,
}

impl syn::parse::Parse for CloneRef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let cfg = input.call(Attribute::parse_outer)?;
        let name = input.parse()?;
        let direct = if input.peek(Token![=>]) {
            input.parse::<Token![=>]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(CloneRef { cfg, name, direct })
    }
}

impl ToTokens for CloneRef {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let CloneRef { cfg, name, direct } = self;
        let direct = direct.as_ref().map(|ident| quote!(=> #ident));
        tokens.extend(quote!(#(#cfg)* #name #direct));
    }
}

/// What `#[bench_this]` reads of the handoff (used where its generator is compiled).
#[cfg_attr(not(feature = "bench"), allow(dead_code))]
impl Clones {
    /// The value after `__perfattr_clones =`: `["v3", "v2"]`.
    pub fn parse_value(input: ParseStream) -> syn::Result<Clones> {
        let content;
        syn::bracketed!(content in input);
        let names = syn::punctuated::Punctuated::<CloneRef, Token![,]>::parse_terminated(&content)?;
        Ok(Clones(names.into_iter().collect()))
    }

    /// The target clones' names, best first (the fallback left out).
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.targets().map(|clone| clone.name.value())
    }

    /// The target clones, best first (the fallback left out).
    pub fn targets(&self) -> impl Iterator<Item = &CloneRef> + '_ {
        self.0
            .iter()
            .filter(|clone| clone.name.value() != "fallback")
    }
}

impl Clones {
    /// Appends the option to every `#[bench_this]` still to expand on `function`.
    pub fn pass_to_bench(&self, function: &mut Function) {
        for attr in &mut function.attrs {
            if names_attribute(attr, BENCH_THIS) {
                let path = attr.path();
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
        let key = Ident::new(KEY, proc_macro2::Span::call_site());
        let names = &self.0;
        tokens.extend(quote!(#key = [#(#names),*]));
    }
}
