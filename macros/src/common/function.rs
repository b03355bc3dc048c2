//! The typed model of an annotated function: free function, method, associated function or
//! trait method, with or without a body.

use proc_macro2::{Ident, TokenStream};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{AttrStyle, Attribute, Block, LitStr, Signature, Token, Visibility};

use super::attrs::outer;
use super::copy::copy;

pub struct Function {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    /// The contextual `safe` of a function in an `unsafe extern` block.
    pub safe: Option<Ident>,
    pub sig: Signature,
    pub body: Body,
}

pub enum Body {
    Block(Block),
    /// A declaration such as a required trait method: `fn f(&self);`.
    Semi(Token![;]),
}

impl Function {
    /// Parses the item under `#[attribute]`, or says that it only applies to functions.
    pub fn parse(item: TokenStream, attribute: &str) -> syn::Result<Self> {
        (|input: ParseStream| Self::parse_for(input, Some(attribute))).parse2(item)
    }

    /// Parses without naming an attribute in errors (used by the fallback).
    pub fn parse_any(item: TokenStream) -> syn::Result<Self> {
        (|input: ParseStream| Self::parse_for(input, None)).parse2(item)
    }

    fn parse_for(input: ParseStream, attribute: Option<&str>) -> syn::Result<Self> {
        let mut attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let safe = if input
            .cursor()
            .ident()
            .is_some_and(|(ident, _)| ident == "safe")
        {
            Some(input.parse()?)
        } else {
            None
        };
        if !starts_signature(input) {
            let what = attribute.map_or_else(String::new, |name| format!("`#[{name}]` "));
            let instead = match attribute {
                Some("cold_path") => {
                    "; a branch or statement marker works inside a function annotated with \
                     `#[hot]`, `#[cold_path]` or `#[multiversion]`, and nowhere else (not in a \
                     `macro_rules!` body or an unannotated function): there, write \
                     `perfattr::cold!();` at the start of the branch"
                }
                _ => "",
            };
            return Err(input.error(format!(
                "{what}can only be applied to functions and methods{instead}"
            )));
        }
        let sig = input.parse()?;
        let body = if input.peek(Token![;]) {
            Body::Semi(input.parse()?)
        } else {
            let content;
            let brace_token = syn::braced!(content in input);
            // `fn f() { #![allow(x)] }` means `#[allow(x)] fn f() {}`. Carrying inner attributes
            // as outer ones keeps clippy's `mixed_attributes_style` quiet once the expansion
            // adds its own outer attributes.
            for mut attr in content.call(Attribute::parse_inner)? {
                attr.style = AttrStyle::Outer;
                attrs.push(attr);
            }
            let stmts = content.call(Block::parse_within)?;
            Body::Block(Block { brace_token, stmts })
        };
        Ok(Function {
            attrs,
            vis,
            safe,
            sig,
            body,
        })
    }

    /// A function from its parts (a `fn` item or method), inner attributes carried as outer
    /// ones as [`Function::parse`] does.
    pub fn from_parts(
        attrs: Vec<Attribute>,
        vis: Visibility,
        sig: Signature,
        block: Block,
    ) -> Self {
        Function {
            attrs: outer(attrs),
            vis,
            safe: None,
            sig,
            body: Body::Block(block),
        }
    }

    pub fn block(&self) -> Option<&Block> {
        match &self.body {
            Body::Block(block) => Some(block),
            Body::Semi(_) => None,
        }
    }

    pub fn block_mut(&mut self) -> Option<&mut Block> {
        match &mut self.body {
            Body::Block(block) => Some(block),
            Body::Semi(_) => None,
        }
    }
}

/// `const`, `async`, `unsafe`, `extern "abi"` in any valid order, then `fn`.
fn starts_signature(input: ParseStream) -> bool {
    let fork = input.fork();
    let _: Option<Token![const]> = fork.parse().unwrap_or(None);
    let _: Option<Token![async]> = fork.parse().unwrap_or(None);
    let _: Option<Token![unsafe]> = fork.parse().unwrap_or(None);
    if fork
        .parse::<Option<Token![extern]>>()
        .unwrap_or(None)
        .is_some()
    {
        let _: Option<LitStr> = fork.parse().unwrap_or(None);
    }
    fork.peek(Token![fn])
}

impl ToTokens for Function {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for attr in &self.attrs {
            attr.to_tokens(tokens);
        }
        self.vis.to_tokens(tokens);
        self.safe.to_tokens(tokens);
        self.sig.to_tokens(tokens);
        match &self.body {
            Body::Block(block) => block.to_tokens(tokens),
            Body::Semi(semi) => semi.to_tokens(tokens),
        }
    }
}

/// Whether `ty` contains an `impl Trait` anywhere (`impl Fn()`, `Vec<impl Display>`).
pub fn contains_impl_trait(ty: &syn::Type) -> bool {
    struct Finder(bool);
    impl crate::common::visit::Visitor for Finder {
        fn visit_type_impl_trait_mut(&mut self, _: &mut syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    // syn's `visit-mut` walks a copy: one visitor feature, one less in syn's build.
    let mut finder = Finder(false);
    crate::common::visit::Visitor::visit_type_mut(&mut finder, &mut copy(ty));
    finder.0
}

/// The type and const parameters of `generics` as generic arguments naming them, `::<T, N>`
/// (lifetimes left to inference), or nothing without any.
pub fn turbofish(generics: &syn::Generics) -> TokenStream {
    let names: Vec<&Ident> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(ty) => Some(&ty.ident),
            syn::GenericParam::Const(constant) => Some(&constant.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    if names.is_empty() {
        TokenStream::new()
    } else {
        quote::quote!(::<#(#names),*>)
    }
}
