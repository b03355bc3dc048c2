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
    let list = |input: ParseStream| -> syn::Result<(Span, Vec<Expr>)> {
        let array: syn::ExprArray = input.parse()?;
        Ok((array.span(), array.elems.into_iter().collect()))
    };
    match key.to_string().as_str() {
        "args" => once(&mut options.args, &key, errors, || list(input)),
        "sizes" => once(&mut options.sizes, &key, errors, || list(input)),
        "input" => once(&mut options.input, &key, errors, || input.parse()),
        "setup" => once(&mut options.setup, &key, errors, || input.parse()),
        "name" => once(&mut options.name, &key, errors, || input.parse()),
        "group" => once(&mut options.group, &key, errors, || input.parse()),
        "crate" => once(&mut options.krate, &key, errors, || {
            krate::parse_value(NAME, input)
        }),
        "throughput" => once(&mut options.throughput, &key, errors, || throughput(input)),
        key if key == handoff::KEY => {
            options.clones = Some(Clones::parse_value(input)?);
            Ok(())
        }
        _ => {
            // Skip the value so later options are still checked.
            let _: Expr = input.parse()?;
            errors.push(syn::Error::new(
                key.span(),
                format!("unknown `#[{NAME}]` option `{key}`; expected one of: {OPTIONS}"),
            ));
            Ok(())
        }
    }
}

/// Sets an option given once; a second time is an error (reported before the value is parsed,
/// so a wrong value does not hide it).
fn once<T>(
    slot: &mut Option<T>,
    key: &Ident,
    errors: &mut Errors,
    value: impl FnOnce() -> syn::Result<T>,
) -> syn::Result<()> {
    if slot.is_some() {
        errors.push(syn::Error::new(
            key.span(),
            format!("duplicate `#[{NAME}]` option `{key}`"),
        ));
    }
    *slot = Some(value()?);
    Ok(())
}

/// `throughput = bytes | elements | none | bytes(count) | elements(count)`.
fn throughput(input: ParseStream) -> syn::Result<Throughput> {
    let kind: Ident = input.parse()?;
    let count = if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        Some(content.parse::<Expr>()?)
    } else {
        None
    };
    match (kind.to_string().as_str(), count) {
        ("none", None) => Ok(Throughput::None),
        ("bytes", count) => Ok(Throughput::Bytes(count)),
        ("elements", count) => Ok(Throughput::Elements(count)),
        _ => Err(syn::Error::new(
            kind.span(),
            format!(
                "`#[{NAME}]` option `throughput` expects `bytes`, `elements`, `none`, \
                 `bytes(count)` or `elements(count)`"
            ),
        )),
    }
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
