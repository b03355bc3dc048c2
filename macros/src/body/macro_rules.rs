//! Branch markers inside a `macro_rules!` defined in an annotated function: the attribute sees
//! the macro's definition, never its expansion, so a `#[cold_path]` there could not be
//! rewritten; it is taken out of the definition with perfattr's error, which says to write
//! `perfattr::cold!();` instead (left in, the expansion would give rustc's "cannot find
//! attribute", or E0658 and an "unreachable expression" warning before perfattr's message).

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::{Item, ItemMacro};

/// The markers in `item`'s definition when it is a `macro_rules!`: taken out, their spans
/// returned.
pub fn take_markers(item: &mut Item) -> Vec<Span> {
    let Item::Macro(ItemMacro { mac, .. }) = item else {
        return Vec::new();
    };
    if !mac.path.is_ident("macro_rules") {
        return Vec::new();
    }
    let mut spans = Vec::new();
    mac.tokens = strip(std::mem::take(&mut mac.tokens), &mut spans);
    spans
}

/// `tokens` without their `#[cold_path]` markers (any path ending in `cold_path`, also under
/// `cfg_attr`), nested groups included.
fn strip(tokens: TokenStream, spans: &mut Vec<Span>) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(pound) if pound.as_char() == '#' => {
                let marker = match tokens.peek() {
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => {
                        is_marker(&group.stream()).then(|| group.span())
                    }
                    _ => None,
                };
                match marker {
                    Some(span) => {
                        spans.push(span);
                        tokens.next();
                    }
                    None => out.push(TokenTree::Punct(pound)),
                }
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), strip(group.stream(), spans));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// Whether an attribute's tokens (inside `#[…]`) are a branch marker: a path ending in
/// `cold_path` (with or without arguments), or a `cfg_attr` that applies one.
fn is_marker(tokens: &TokenStream) -> bool {
    let mut last = None;
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) => last = Some(ident.to_string()),
            TokenTree::Group(group) if last.as_deref() == Some("cfg_attr") => {
                return is_marker_list(&group.stream());
            }
            TokenTree::Group(_) => break,
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
    last.as_deref() == Some("cold_path")
}

/// Whether a `cfg_attr(predicate, attrs…)` list names `cold_path` among its attributes.
fn is_marker_list(tokens: &TokenStream) -> bool {
    tokens
        .clone()
        .into_iter()
        .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "cold_path"))
}
