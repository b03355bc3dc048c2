//! Counter sites: what a hinted function, a branch marker or a counted loop adds to the
//! generated code so the runtime's `counters` feature can count it.
//!
//! Each site is one invocation of the runtime's `__private::site!`, which expands to a
//! registered `static` and a call that counts it when the feature is on, and to nothing when
//! it is off: the proc macro cannot see the runtime's features, so the choice is made in the
//! user's crate, and a counters-off build compiles exactly the hint-only code.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::token::{Brace, Not};
use syn::{LitBool, LitInt, LitStr, Macro, MacroDelimiter, Path, Stmt, StmtMacro};

/// The static of the function's own site, the reference of the branches at its top level.
pub const FUNCTION_SITE: &str = "__PERFATTR_SITE";
/// The static of the innermost counted loop or closure, the reference of the branches in it.
pub const REGION_SITE: &str = "__PERFATTR_REGION";

/// What a site counts; the names are the runtime's `counters::Kind` variants.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Hot,
    Cold,
    Branch,
    Loop,
    Closure,
}

impl Kind {
    fn variant(self) -> &'static str {
        match self {
            Kind::Hot => "Hot",
            Kind::Cold => "Cold",
            Kind::Branch => "Branch",
            Kind::Loop => "Loop",
            Kind::Closure => "Closure",
        }
    }
}

/// Where the counted function is: its runtime path and its name.
pub struct Context<'a> {
    pub krate: &'a Path,
    pub function: &'a Ident,
}

/// One site to register.
pub struct Site<'a> {
    pub kind: Kind,
    /// The static's name (visible to nested sites); `None` for a branch, whose static is
    /// private to its block.
    pub name: Option<&'static str>,
    /// The static of the site it is compared with.
    pub parent: Option<&'static str>,
    /// Functions called directly in it (functions and regions only).
    pub calls: &'a [String],
    pub has_loop: bool,
    /// Where it is: its line and column are recorded.
    pub span: Span,
}

impl Context<'_> {
    /// `<krate>::__private::site! { … }` for `site`.
    pub fn site(&self, site: &Site) -> Stmt {
        let span = site.span;
        let kind = Ident::new(site.kind.variant(), span);
        let label = LitStr::new(&self.function.to_string(), span);
        let calls = site.calls.iter().map(|call| LitStr::new(call, span));
        let has_loop = LitBool::new(site.has_loop, span);
        let start = span.start();
        let line = LitInt::new(&start.line.to_string(), span);
        let column = LitInt::new(&(start.column + 1).to_string(), span);
        let parent = site.parent.map(|parent| {
            let parent = Ident::new(parent, span);
            quote!(in #parent)
        });
        let head = site.name.map_or_else(
            || quote!(block),
            |name| {
                let name = Ident::new(name, span);
                quote!(static #name)
            },
        );
        let tokens = quote! {
            #head: #kind(#label #parent) calls [#(#calls),*] loop #has_loop at #line:#column
        };
        private_macro(self.krate, "site", span, tokens)
    }
}

/// `<krate>::__private::<name>! { tokens }` as a statement, built without parsing.
fn private_macro(krate: &Path, name: &str, span: Span, tokens: TokenStream) -> Stmt {
    let mut path = krate.clone();
    path.segments.push(Ident::new("__private", span).into());
    path.segments.push(Ident::new(name, span).into());
    Stmt::Macro(StmtMacro {
        attrs: Vec::new(),
        mac: Macro {
            path,
            bang_token: Not(span),
            delimiter: MacroDelimiter::Brace(Brace(span)),
            tokens,
        },
        semi_token: None,
    })
}

/// Puts a function's or region's site at the start of `block`, after the items that open it,
/// so that clippy's `items_after_statements` stays quiet in the user's crate.
pub fn insert_at_start(block: &mut syn::Block, site: Stmt) {
    let at = block
        .stmts
        .iter()
        .take_while(|stmt| matches!(stmt, Stmt::Item(_)))
        .count();
    block.stmts.insert(at, site);
}
