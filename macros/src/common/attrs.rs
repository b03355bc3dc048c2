//! perfattr's own attributes as they appear on items and in bodies, and names as written.

use proc_macro2::Ident;
use syn::{AttrStyle, Attribute};

/// `#[multiversion]`'s name.
pub const MULTIVERSION: &str = "multiversion";
/// `#[bench_this]`'s name.
pub const BENCH_THIS: &str = "bench_this";

/// The two hints, which are also the branch-level markers inside a body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hint {
    Hot,
    ColdPath,
}

impl Hint {
    /// The perfattr hint an attribute names: `#[hot]`, `#[perfattr::cold_path]`, …
    pub fn of(attr: &Attribute) -> Option<Hint> {
        [Hint::Hot, Hint::ColdPath]
            .into_iter()
            .find(|hint| names_attribute(attr, hint.name()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Hint::Hot => "hot",
            Hint::ColdPath => "cold_path",
        }
    }
}

/// Whether `attr` is the attribute `name`, however it is reached (`#[name]`,
/// `#[perfattr::name]`, `#[renamed::name]`).
pub fn names_attribute(attr: &Attribute, name: &str) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|last| last.ident == name)
}

/// An identifier as text without its raw prefix: `r#type` is `type`.
pub fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(raw) => raw.to_owned(),
        None => text,
    }
}

/// Attributes moved onto an item as outer ones (`#![allow(x)]` inside a body or module means
/// `#[allow(x)]` on it): mixing styles on one item trips clippy's `mixed_attributes_style`.
pub fn outer(mut attrs: Vec<Attribute>) -> Vec<Attribute> {
    for attr in &mut attrs {
        attr.style = AttrStyle::Outer;
    }
    attrs
}
