//! Parsing of `#[bench_this(...)]`'s options.

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Path, Token};

use super::NAME;
use crate::common::errors::Errors;
use crate::common::handoff::{self, Clones};
use crate::common::krate;

const OPTIONS: &str = "`args = [..]`, `input = generator`, `sizes = [..]`, `setup = expr`, \
                       `name = \"..\"`, `group = \"..\"`, `throughput = bytes | elements | none`, \
                       `crate = path`";

#[derive(Default)]
pub struct Options {
    pub args: Option<(Span, Vec<Expr>)>,
    pub input: Option<Expr>,
    pub sizes: Option<(Span, Vec<Expr>)>,
    pub setup: Option<Expr>,
    pub name: Option<LitStr>,
    pub group: Option<LitStr>,
    pub throughput: Option<Throughput>,
    pub krate: Option<Path>,
    /// Set by `#[multiversion]` when it expanded first: its clones.
    pub clones: Option<Clones>,
}

pub enum Throughput {
    None,
    /// `bytes` / `elements`, with an optional explicit count.
    Bytes(Option<Expr>),
    Elements(Option<Expr>),
}

/// One `key = value` option, parsed by its key.
fn parse_option(input: ParseStream, options: &mut Options, errors: &mut Errors) -> syn::Result<()> {
    let key: Ident = if input.peek(Token![crate]) {
        let token: Token![crate] = input.parse()?;
        Ident::new("crate", token.span)
    } else {
        input.parse()?
    };
    input.parse::<Token![=]>()?;
    let duplicate = |errors: &mut Errors, set: bool| {
        if set {
            errors.push(syn::Error::new(
                key.span(),
                format!("duplicate `#[{NAME}]` option `{key}`"),
            ));
        }
    };
    let list = |input: ParseStream| -> syn::Result<(Span, Vec<Expr>)> {
        let array: syn::ExprArray = input.parse()?;
        Ok((array.span(), array.elems.into_iter().collect()))
    };
    match key.to_string().as_str() {
        "args" => {
            duplicate(errors, options.args.is_some());
            options.args = Some(list(input)?);
        }
        "sizes" => {
            duplicate(errors, options.sizes.is_some());
            options.sizes = Some(list(input)?);
        }
        "input" => {
            duplicate(errors, options.input.is_some());
            options.input = Some(input.parse()?);
        }
        "setup" => {
            duplicate(errors, options.setup.is_some());
            options.setup = Some(input.parse()?);
        }
        "name" => {
            duplicate(errors, options.name.is_some());
            options.name = Some(input.parse()?);
        }
        "group" => {
            duplicate(errors, options.group.is_some());
            options.group = Some(input.parse()?);
        }
        "crate" => {
            duplicate(errors, options.krate.is_some());
            options.krate = Some(krate::parse_value(NAME, input)?);
        }
        "throughput" => {
            duplicate(errors, options.throughput.is_some());
            let kind: Ident = input.parse()?;
            let count = if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                Some(content.parse::<Expr>()?)
            } else {
                None
            };
            options.throughput = Some(match (kind.to_string().as_str(), count) {
                ("none", None) => Throughput::None,
                ("bytes", count) => Throughput::Bytes(count),
                ("elements", count) => Throughput::Elements(count),
                _ => {
                    return Err(syn::Error::new(
                        kind.span(),
                        format!(
                            "`#[{NAME}]` option `throughput` expects `bytes`, `elements`, `none`, `bytes(count)` or `elements(count)`"
                        ),
                    ));
                }
            });
        }
        key if key == handoff::KEY => options.clones = Some(Clones::parse_value(input)?),
        _ => {
            // Skip the value so later options are still checked.
            let _: Expr = input.parse()?;
            errors.push(syn::Error::new(
                key.span(),
                format!("unknown `#[{NAME}]` option `{key}`; expected one of: {OPTIONS}"),
            ));
        }
    }
    Ok(())
}

pub fn parse(args: &TokenStream, errors: &mut Errors) -> Options {
    let mut options = Options::default();
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            parse_option(input, &mut options, errors)?;
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    let parsed = parser.parse2(args.clone());
    errors.ok(parsed);
    options
}

impl Options {
    /// The runtime's path: `crate = path`, or `::perfattr`.
    pub fn krate(&self) -> Path {
        self.krate.clone().unwrap_or_else(krate::default)
    }

    /// The clones of a `#[multiversion]` on the same function, best first; none when the
    /// function is not multiversioned.
    pub fn clone_names(&self) -> Vec<String> {
        self.clones
            .as_ref()
            .map_or_else(Vec::new, |clones| clones.names().collect())
    }
}
