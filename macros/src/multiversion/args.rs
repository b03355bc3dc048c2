//! Parsing of `#[multiversion(...)]`'s arguments: targets (`avx2 + fma`, `"avx2+fma"`,
//! `sse4.1`, `v3`) and the `crate = path` option.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitFloat, LitInt, LitStr, Path, Token};

use super::features::{imply, lookup, unknown_message};
use super::ir::{Args, Dispatch, Mode, Target};
use super::profile;
use super::table::Arch;
use crate::common::errors::Errors;
use crate::common::krate;
use crate::common::set::Set;

/// One comma-separated element as written.
enum Element {
    /// `avx2 + fma`, `sse4.1`, `"avx2+fma"`: the parts with their spans.
    Target(Vec<(String, Span)>, Span),
    Crate(Path),
    Dispatch(Dispatch),
}

impl Parse for Element {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![crate]) && input.peek2(Token![=]) {
            input.parse::<Token![crate]>()?;
            input.parse::<Token![=]>()?;
            return krate::parse_value("multiversion", input).map(Element::Crate);
        }
        if input.peek(Ident) && input.peek2(Token![=]) {
            let key: Ident = input.parse()?;
            if key == "targets" {
                input.parse::<Token![=]>()?;
                let written: Vec<LitStr> = input.parse::<LitStr>().into_iter().collect();
                return Err(foreign_syntax(key.span(), &written));
            }
            if key == "dispatch" {
                input.parse::<Token![=]>()?;
                return dispatch_mode(input).map(Element::Dispatch);
            }
            if key == "dispatcher" {
                input.parse::<Token![=]>()?;
                let written = input.parse::<LitStr>().ok().map(|text| text.value());
                let ours = match written.as_deref() {
                    Some("static") => "compile_time",
                    Some("direct") => "branch",
                    Some("indirect") => "pointer",
                    _ => "auto",
                };
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "`dispatcher = …` is the `multiversion` crate's option: write \
                         `dispatch = {ours}` (perfattr's modes: {})",
                        mode_list()
                    ),
                ));
            }
            return Err(syn::Error::new(
                key.span(),
                format!(
                    "unknown `#[multiversion]` option `{key}`; expected one of: `crate = path`, \
                     `dispatch = {}`",
                    mode_list().replace(", ", " | ")
                ),
            ));
        }
        if input.peek(Ident) && input.peek2(syn::token::Paren) {
            let key: Ident = input.fork().parse()?;
            if key == "attrs" {
                return Err(syn::Error::new(
                    key.span(),
                    "`attrs(…)` is the `multiversion` crate's option: write the attributes on the \
                     function itself (`#[inline(never)]` below `#[multiversion(…)]`); lint and doc \
                     attributes stay on the function you call, `#[inline]` and `#[cold]` go to the \
                     clones",
                ));
            }
            if key == "targets" {
                input.parse::<Ident>()?;
                let content;
                syn::parenthesized!(content in input);
                let written = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)
                    .map(|list| list.into_iter().collect::<Vec<_>>())
                    .unwrap_or_default();
                return Err(foreign_syntax(key.span(), &written));
            }
        }
        if input.peek(LitStr) {
            let text: LitStr = input.parse()?;
            if let Some(perfattr) = translate(&text.value()) {
                return Err(syn::Error::new(
                    text.span(),
                    format!(
                        "`#[multiversion]` targets name no architecture (targets of another architecture \
                         are compiled out by themselves): write `{perfattr}`"
                    ),
                ));
            }
            let parts = text
                .value()
                .split('+')
                .map(|part| (part.trim().to_owned(), text.span()))
                .collect();
            return Ok(Element::Target(parts, text.span()));
        }
        let start = input.span();
        let mut parts = vec![feature_name(input)?];
        while input.peek(Token![+]) {
            input.parse::<Token![+]>()?;
            parts.push(feature_name(input)?);
        }
        Ok(Element::Target(parts, start))
    }
}

/// The error for the `multiversion` crate's `targets(...)`/`targets = "..."`, with the same
/// targets written in perfattr's syntax, as they would compile pasted: the architecture-only
/// ones (the fallback) left out, and the repeated or never-chosen ones (a target after an
/// earlier one whose features it has) dropped. `targets = "simd"` is its list of levels.
fn foreign_syntax(span: Span, written: &[LitStr]) -> syn::Error {
    let simd = written.len() == 1 && written[0].value() == "simd";
    let texts: Vec<String> = if simd {
        SIMD.iter().map(|target| (*target).to_owned()).collect()
    } else {
        written
            .iter()
            .filter_map(|text| translate(&text.value()))
            .collect()
    };
    let translated = reachable(texts);
    let example = if translated.is_empty() {
        "avx2 + fma, sse4.2".to_owned()
    } else {
        translated.join(", ")
    };
    let syntax = if simd {
        "(`targets = \"simd\"` is the `multiversion` crate's syntax, for these levels)"
    } else {
        "(`targets(...)` is the `multiversion` crate's syntax)"
    };
    syn::Error::new(
        span,
        format!(
            "`#[multiversion]` takes its targets directly, best first, without an architecture \
             {syntax}: write `#[multiversion({example})]`"
        ),
    )
}

/// `auto, compile_time, branch, pointer, patched`.
fn mode_list() -> String {
    let names: Vec<&str> = Mode::NAMES.iter().map(|(name, _)| *name).collect();
    names.join(", ")
}

/// The value of `dispatch = …`: one of [`Mode::NAMES`].
fn dispatch_mode(input: ParseStream) -> syn::Result<Dispatch> {
    let span = input.span();
    let written: Option<String> = if input.peek(LitStr) {
        input.parse::<LitStr>().ok().map(|text| text.value())
    } else {
        input.parse::<Ident>().ok().map(|ident| ident.to_string())
    };
    let found = written
        .as_deref()
        .and_then(|name| Mode::NAMES.iter().find(|(known, _)| *known == name));
    match found {
        Some((_, mode)) => Ok(Dispatch { mode: *mode, span }),
        None => Err(syn::Error::new(
            span,
            format!(
                "`#[multiversion]` option `dispatch` takes one of: {} (written as a name, \
                 `dispatch = pointer`)",
                mode_list()
            ),
        )),
    }
}

/// `multiversion`'s `targets = "simd"` in perfattr's targets (those it knows: x86's levels,
/// aarch64's SVE).
const SIMD: [&str; 5] = ["v4", "v3", "v2", "sve2 + fp16", "sve + fp16"];

/// A target's architecture and features, implied ones included (`None`: unknown names).
type Implied = Option<(Arch, Set<&'static str>)>;

/// `targets` without empty ones, repeats, and ones an earlier target shadows (every CPU with
/// them has the earlier one's features), in order.
fn reachable(targets: Vec<String>) -> Vec<String> {
    let implied = |target: &str| {
        let mut set = Set::new();
        let mut arch = None;
        for part in target.split('+').map(str::trim) {
            let (part_arch, features) = lookup(part)?;
            arch = Some(part_arch);
            for feature in features {
                imply(feature, part_arch, &mut set);
            }
        }
        Some((arch?, set))
    };
    let mut kept: Vec<(String, Implied)> = Vec::new();
    for target in targets.into_iter().filter(|target| !target.is_empty()) {
        let features = implied(&target);
        let shadowed = kept.iter().any(|(earlier, earlier_features)| {
            *earlier == target
                || matches!((earlier_features, &features), (Some((a, e)), Some((b, l))) if a == b && e.is_subset(l))
        });
        if !shadowed {
            kept.push((target, features));
        }
    }
    kept.into_iter().map(|(target, _)| target).collect()
}

/// A target of the `multiversion` crate (`"x86_64+avx2+fma"`, `"x86_64/x86-64-v3"`) in perfattr's
/// syntax (`avx2 + fma`, `x86-64-v3`; empty for the architecture alone, whose clone is the
/// fallback), or `None` when `text` names no architecture.
fn translate(text: &str) -> Option<String> {
    let mut parts = text.split('+').map(str::trim);
    let head = parts.next()?;
    let (arch, cpu) = head
        .split_once('/')
        .map_or((head, None), |(arch, cpu)| (arch, Some(cpu)));
    let known = ["x86_64", "x86", "aarch64", "arm", "wasm32", "riscv64"];
    if !known.contains(&arch) {
        return None;
    }
    Some(cpu.into_iter().chain(parts).collect::<Vec<_>>().join(" + "))
}

/// `avx2`, `sse4.1` (an identifier, a `.`, and a number; or `sse4 .1` as the lexer sometimes
/// splits it), or a name with hyphens: `x86-64-v3`, `sve2-aes`.
fn feature_name(input: ParseStream) -> syn::Result<(String, Span)> {
    let lookahead = input.lookahead1();
    if !lookahead.peek(Ident) {
        return Err(syn::Error::new(
            input.span(),
            "expected a CPU target such as `avx2`, `avx2 + fma`, `sse4.1`, `\"avx2+fma\"`, `v3`, \
             or an option: `crate = path`, `dispatch = pointer`",
        ));
    }
    let ident: Ident = input.parse()?;
    let mut name = ident.to_string();
    if input.peek(Token![.]) && input.peek2(LitInt) {
        input.parse::<Token![.]>()?;
        name.push('.');
        name.push_str(&input.parse::<LitInt>()?.to_string());
    } else if input.peek(LitFloat) {
        // `sse4.1` can lex as `sse4` followed by nothing else; a float here is `.1`-like.
        name.push_str(&input.parse::<LitFloat>()?.to_string());
    }
    while input.peek(Token![-]) && (input.peek2(Ident) || input.peek2(LitInt)) {
        input.parse::<Token![-]>()?;
        name.push('-');
        if input.peek(Ident) {
            name.push_str(&input.parse::<Ident>()?.to_string());
        } else {
            name.push_str(&input.parse::<LitInt>()?.to_string());
        }
    }
    Ok((name, ident.span()))
}

pub fn parse(args: TokenStream, errors: &mut Errors) -> Args {
    let mut parsed = Args {
        targets: Vec::new(),
        krate: krate::default(),
        profile: profile::load().unwrap_or_else(|message| {
            errors.push(syn::Error::new(Span::call_site(), message));
            None
        }),
        dispatch: Dispatch {
            mode: Mode::Auto,
            span: Span::call_site(),
        },
    };
    let mut seen_dispatch = false;
    let parser = Punctuated::<Element, Token![,]>::parse_terminated;
    let Some(elements) = errors.ok(syn::parse::Parser::parse2(parser, args)) else {
        return parsed;
    };
    let mut seen_crate = false;
    for element in elements {
        match element {
            Element::Crate(path) => {
                if std::mem::replace(&mut seen_crate, true) {
                    errors.push(syn::Error::new_spanned(
                        path,
                        "duplicate `#[multiversion]` option `crate`",
                    ));
                } else {
                    parsed.krate = path;
                }
            }
            Element::Dispatch(dispatch) => {
                if std::mem::replace(&mut seen_dispatch, true) {
                    errors.push(syn::Error::new(
                        dispatch.span,
                        "duplicate `#[multiversion]` option `dispatch`",
                    ));
                } else {
                    parsed.dispatch = dispatch;
                }
            }
            Element::Target(parts, span) => {
                if let Some(target) = resolve(&parts, span, errors) {
                    parsed.targets.push(target);
                }
            }
        }
    }
    if parsed.targets.is_empty() && !errors.is_pending() {
        errors.push(syn::Error::new(
            Span::call_site(),
            "`#[multiversion]` needs at least one target, best first, e.g. \
             `#[multiversion(avx2 + fma, sse4)]`",
        ));
    }
    parsed
}

/// Looks up every part of a `+` combination and computes what it implies.
fn resolve(parts: &[(String, Span)], span: Span, errors: &mut Errors) -> Option<Target> {
    let mut arch = None;
    let mut enable: Vec<&'static str> = Vec::new();
    let mut ok = true;
    for (index, (name, part_span)) in parts.iter().enumerate() {
        if parts[..index].iter().any(|(earlier, _)| earlier == name) {
            errors.push(syn::Error::new(
                *part_span,
                format!("`{name}` is listed twice in this target"),
            ));
            ok = false;
            continue;
        }
        let Some((part_arch, features)) = lookup(name) else {
            errors.push(syn::Error::new(*part_span, unknown_message(name)));
            ok = false;
            continue;
        };
        if *arch.get_or_insert(part_arch) != part_arch {
            errors.push(syn::Error::new(
                *part_span,
                format!("`{name}` is for another architecture than the rest of this target"),
            ));
            ok = false;
        }
        for feature in features {
            if !enable.contains(&feature) {
                enable.push(feature);
            }
        }
    }
    let arch = arch.filter(|_| ok)?;
    let mut implied = Set::new();
    for feature in &enable {
        imply(feature, arch, &mut implied);
    }
    let name = parts
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("+");
    Some(Target {
        name,
        arch,
        enable,
        implied,
        span,
    })
}
