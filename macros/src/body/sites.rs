//! Counter sites: what a hinted function, a branch marker or a counted loop adds to the
//! generated code so the runtime's `counters` feature can count it.
//!
//! Each site is one invocation of the runtime's `__private::site!`, which expands to a
//! registered `static` and a call that counts it when the feature is on, and to nothing when
//! it is off: the proc macro cannot see the runtime's features, so the choice is made in the
//! user's crate, and a counters-off build compiles exactly the hint-only code.

use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::token::{Brace, Not};
use syn::{LitBool, LitInt, LitStr, Macro, MacroDelimiter, Path, Stmt, StmtMacro};

use crate::common::hash::fnv1a;
use crate::common::krate;

/// The static of the function's own site, the reference of the branches at its top level.
pub const FUNCTION_SITE: &str = "__PERFATTR_SITE";
/// The static of the innermost counted loop or closure, the reference of the branches in it.
pub const REGION_SITE: &str = "__PERFATTR_REGION";

/// What a site counts. The runtime's `report::Kind` is generated from [`KINDS`]
/// ([`runtime_kinds`]), so the variants the macros name always exist there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Hot,
    Cold,
    Branch,
    Loop,
    Closure,
    /// A user's `count!`: written by the runtime's `macro_rules!`, never by these macros.
    Named,
    /// Calls of one clone of a multiversioned function.
    Clone,
}

/// Each kind, its name in reports, and its documentation; the runtime's variant is named as
/// the variant here.
const KINDS: &[(Kind, &str, &str)] = &[
    (Kind::Hot, "hot", "Calls of a `#[hot]` function."),
    (Kind::Cold, "cold", "Calls of a `#[cold_path]` function."),
    (
        Kind::Branch,
        "branch",
        "Executions of a branch marked `#[cold_path]`.",
    ),
    (
        Kind::Loop,
        "loop",
        "Iterations of a loop that holds a `#[cold_path]` branch: the reference the branch is \
         compared with.",
    ),
    (
        Kind::Closure,
        "closure",
        "Calls of a closure that holds a `#[cold_path]` branch.",
    ),
    (Kind::Named, "count", "A user's [`count!`](crate::count)."),
    (
        Kind::Clone,
        "clone",
        "Calls of one clone of a multiversioned function (its row's label names the target).",
    ),
];

impl Kind {
    /// The runtime's variant of this kind, at `span`.
    fn variant(self, span: Span) -> Ident {
        Ident::new(&format!("{self:?}"), span)
    }
}

/// The runtime's `pub enum Kind {}` (its attributes and documentation as written there), with
/// a variant per row of [`KINDS`] and `Kind::name`.
pub fn runtime_kinds(item: TokenStream) -> TokenStream {
    let item: syn::ItemEnum = match syn::parse2(item) {
        Ok(item) => item,
        Err(error) => return error.to_compile_error(),
    };
    let (attrs, vis, ident) = (&item.attrs, &item.vis, &item.ident);
    let variants = KINDS.iter().map(|(kind, _, doc)| {
        let variant = kind.variant(Span::call_site());
        quote!(#[doc = #doc] #variant,)
    });
    let names = KINDS.iter().map(|(kind, name, _)| {
        let variant = kind.variant(Span::call_site());
        quote!(#ident::#variant => #name,)
    });
    let list = KINDS
        .iter()
        .map(|(_, name, _)| format!("`\"{name}\"`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!("The kind's name in reports: {list}.");
    quote! {
        #(#attrs)*
        #vis enum #ident {
            #(#variants)*
        }

        impl #ident {
            #[doc = #doc]
            ///
            /// ```
            /// assert_eq!(perfattr::report::Kind::Branch.name(), "branch");
            /// ```
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }
    }
}

/// Where the counted function is: its runtime path and its name.
pub struct Context<'a> {
    pub krate: &'a Path,
    pub function: &'a Ident,
    /// The function is a leaf (`super::scope`): its own and its branches' sites count as
    /// leaf sites.
    pub leaf: bool,
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
    /// Functions called anywhere in it outside cold branches (functions only).
    pub reaches: &'a [String],
    /// Where it is: its line and column are recorded.
    pub span: Span,
    /// For a clone's site: its target's name (`v3`, `fallback`).
    pub target: Option<&'a str>,
}

impl Context<'_> {
    /// `<krate>::__private::site! { … }` for `site`.
    pub fn site(&self, site: &Site) -> Stmt {
        let span = site.span;
        let kind = site.kind.variant(span);
        let label = LitStr::new(&self.function.to_string(), span);
        let calls = site.calls.iter().map(|call| LitStr::new(call, span));
        let reaches = site.reaches.iter().map(|call| LitStr::new(call, span));
        let has_loop = LitBool::new(site.has_loop, span);
        // `line!()` at the site's own span is the line of the site's tokens (the user's source,
        // or the `macro_rules!` invocation they came from) on every Rust release, where the
        // proc macro's span locations are only known from Rust 1.88.
        let line = quote_spanned!(span=> ::core::line!());
        let column = quote_spanned!(span=> ::core::column!());
        let id = LitInt::new(&format!("{}u64", site_id(self.function)), span);
        let parent = site.parent.map(|parent| {
            let parent = Ident::new(parent, span);
            quote!(in #parent)
        });
        let target = site.target.map(|target| {
            let target = LitStr::new(target, span);
            quote!(for #target)
        });
        let leaf = (self.leaf && matches!(site.kind, Kind::Hot | Kind::Cold | Kind::Branch))
            .then(|| quote!(leaf));
        let head = site.name.map_or_else(
            || quote!(#leaf block),
            |name| {
                let name = Ident::new(name, span);
                quote!(#leaf static #name)
            },
        );
        if let Some(target) = target {
            let tokens = quote!(clone: #label #target id #id);
            return private_macro(self.krate, "site", span, tokens);
        }
        let tokens = quote! {
            #head: #kind(#label #parent) calls [#(#calls),*] reaches [#(#reaches),*] loop #has_loop at (#line, #column) id #id
        };
        private_macro(self.krate, "site", span, tokens)
    }
}

/// The identity of a new site: distinct for every site the macros expand in a crate, shared
/// only by the copies a multiversioned function's clones make of one expansion. The runtime
/// merges sites by it (never by location, which another site may share). A count of the
/// expansions so far in this compilation (rustc keeps a proc macro loaded for a whole crate),
/// mixed with the function's name should the count ever restart.
fn site_id(function: &Ident) -> u64 {
    static EXPANSIONS: AtomicU64 = AtomicU64::new(0);
    let count = EXPANSIONS.fetch_add(1, Ordering::Relaxed);
    let mut bytes = count.to_le_bytes().to_vec();
    bytes.extend(function.to_string().bytes());
    // Never 0: the runtime's `count!` sites have id 0 and merge by location.
    fnv1a(&bytes).max(1)
}

/// `<krate>::__private::site! { scope }`: the rest of the block is a scope (`super::scope`).
pub fn scope(krate: &Path, span: Span) -> Stmt {
    private_macro(krate, "site", span, quote!(scope))
}

/// `<krate>::__private::<name>! { tokens }` as a statement, built without parsing.
fn private_macro(krate: &Path, name: &str, span: Span, tokens: TokenStream) -> Stmt {
    Stmt::Macro(StmtMacro {
        attrs: Vec::new(),
        mac: Macro {
            path: krate::private(krate, name, span),
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
