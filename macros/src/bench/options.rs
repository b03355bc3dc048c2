//! Parsing of `#[bench_this(...)]`'s options.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Path, Token, Type};

use super::NAME;
use crate::common::copy::copy;
use crate::common::errors::Errors;
use crate::common::handoff::{self, Clones};
use crate::common::krate;

const OPTIONS: &str = "`args = [..]`, `input = generator`, `sizes = [..]`, `setup = expr`, \
                       `name = \"..\"`, `group = \"..\"`, `throughput = bytes | elements | none`, \
                       `types = [..]`, `consts = [..]`, `threads = [..]`, `sample_count = n`, `sample_size = n`, \
                       `min_time = seconds`, `max_time = seconds`, `crate = path`";

#[derive(Default)]
pub struct Options {
    pub args: Option<(Span, Vec<Expr>)>,
    pub input: Option<Expr>,
    pub sizes: Option<(Span, Vec<Expr>)>,
    pub setup: Option<Expr>,
    pub name: Option<LitStr>,
    pub group: Option<LitStr>,
    pub throughput: Option<Throughput>,
    /// `types = [u8, String]`: one benchmark per type, for the type parameter of a generic fn.
    pub types: Option<(Span, Vec<Type>)>,
    /// `consts = [16, 4096]`: one benchmark per value, for its const parameter.
    pub consts: Option<(Span, Vec<Expr>)>,
    /// `threads = [1, 2, 4]`: the function on that many threads at once.
    pub threads: Option<(Span, Vec<Count>)>,
    /// Criterion's sample count (divan's `sample_count`).
    pub sample_count: Option<Count>,
    /// Calls timed together in one iteration (divan's `sample_size`).
    pub sample_size: Option<Count>,
    /// Criterion's measurement time, in seconds, bounded by `min_time` and `max_time`.
    pub min_time: Option<Seconds>,
    pub max_time: Option<Seconds>,
    pub krate: Option<Path>,
    /// Set by `#[multiversion]` when it expanded first: its clones.
    pub clones: Option<Clones>,
}

/// A positive integer literal, and where it is.
pub struct Count {
    pub value: u64,
    pub span: Span,
}

/// A positive number of seconds, and where it is.
pub struct Seconds {
    pub value: f64,
    pub span: Span,
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
        "types" => once(&mut options.types, &key, errors, || {
            let content;
            let brackets = syn::bracketed!(content in input);
            let types = content.parse_terminated(Type::parse, Token![,])?;
            Ok((brackets.span.join(), types.into_iter().collect()))
        }),
        "consts" => once(&mut options.consts, &key, errors, || list(input)),
        "threads" => once(&mut options.threads, &key, errors, || {
            let array: syn::ExprArray = input.parse()?;
            let counts = array
                .elems
                .iter()
                .map(|e| count(e, &key))
                .collect::<syn::Result<_>>()?;
            Ok((array.span(), counts))
        }),
        "sample_count" => once(&mut options.sample_count, &key, errors, || {
            count(&input.parse()?, &key)
        }),
        "sample_size" => once(&mut options.sample_size, &key, errors, || {
            count(&input.parse()?, &key)
        }),
        "min_time" => once(&mut options.min_time, &key, errors, || seconds(input, &key)),
        "max_time" => once(&mut options.max_time, &key, errors, || seconds(input, &key)),
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

/// A positive integer literal: a thread count, a sample count or size.
fn count(expr: &Expr, key: &Ident) -> syn::Result<Count> {
    let value = match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse::<u64>().ok().filter(|&n| n > 0),
        _ => None,
    };
    value
        .map(|value| Count {
            value,
            span: expr.span(),
        })
        .ok_or_else(|| {
            syn::Error::new(
                expr.span(),
                if key == "threads" {
                format!("`#[{NAME}]` option `threads` takes positive thread counts, e.g. `threads = [1, 2, 4]`")
            } else {
                format!("`#[{NAME}]` option `{key}` takes a positive integer, e.g. `{key} = 16`")
            },
            )
        })
}

/// A positive number of seconds: `2`, `0.5`.
fn seconds(input: ParseStream, key: &Ident) -> syn::Result<Seconds> {
    let lit: syn::Lit = input.parse()?;
    let value = match &lit {
        syn::Lit::Int(int) => int.base10_parse::<f64>().ok(),
        syn::Lit::Float(float) => float.base10_parse::<f64>().ok(),
        _ => None,
    };
    value
        .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
        .map(|value| Seconds { value, span: lit.span() })
        .ok_or_else(|| {
            syn::Error::new(
                lit.span(),
                format!("`#[{NAME}]` option `{key}` takes a positive number of seconds, e.g. `{key} = 2.5`"),
            )
        })
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
        self.krate.as_ref().map_or_else(krate::default, copy)
    }

    /// The clones of a `#[multiversion]` on the same function, best first; none when the
    /// function is not multiversioned.
    pub fn clone_names(&self) -> Vec<String> {
        self.clones
            .as_ref()
            .map_or_else(Vec::new, |clones| clones.names().collect())
    }
}
