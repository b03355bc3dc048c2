//! The clones of a multiversioned function: one copy of the body per target, compiled with
//! `#[target_feature]`, plus the fallback.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ExprClosure, FnArg, Ident, Item, Pat, PatIdent, Path, Token, Type};

use crate::function::{Body, Function};
use crate::targets::Target;

/// Where the clones live.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Nested inside the dispatcher: possible when nothing names `Self`.
    Nested,
    /// Beside the dispatcher in the same `impl` block: methods and anything naming `Self`.
    Sibling,
}

impl Placement {
    pub fn of(function: &Function) -> Placement {
        let has_receiver = function.sig.receiver().is_some();
        if has_receiver || mentions_self(quote!(#function)) {
            Placement::Sibling
        } else {
            Placement::Nested
        }
    }
}

fn mentions_self(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "Self",
        TokenTree::Group(group) => mentions_self(group.stream()),
        _ => false,
    })
}

/// The name of the clone for `target` (`None`: the fallback).
pub fn name(function: &Function, placement: Placement, target: Option<&Target>) -> Ident {
    let suffix = target.map_or_else(|| "fallback".to_owned(), Target::suffix);
    let span = function.sig.ident.span();
    match placement {
        Placement::Nested => format_ident!("__perfattr_{}", suffix, span = span),
        Placement::Sibling => {
            let base = function.sig.ident.to_string();
            let base = base.strip_prefix("r#").unwrap_or(&base);
            format_ident!("__perfattr_{}_{}", base, suffix, span = span)
        }
    }
}

/// Attributes that act on the body's code and so belong on the clones.
pub fn is_codegen_attr(attr: &Attribute) -> bool {
    let path = attr.path();
    path.is_ident("inline") || path.is_ident("cold")
}

pub fn is_lint_attr(attr: &Attribute) -> bool {
    ["allow", "warn", "deny", "forbid", "expect"]
        .iter()
        .any(|lint| attr.path().is_ident(lint))
}

/// One clone as an item (nested function or sibling method).
pub fn emit(function: &Function, placement: Placement, target: Option<&Target>) -> TokenStream {
    let clone_name = name(function, placement, target);
    let mut sig = function.sig.clone();
    sig.ident = clone_name.clone();
    sig.abi = None;
    let mut body = match &function.body {
        Body::Block(block) => block.clone(),
        Body::Semi(_) => return TokenStream::new(),
    };
    Recursion {
        original: &function.sig.ident,
        clone: &clone_name,
        placement,
    }
    .visit_block_mut(&mut body);

    let mut attrs: Vec<&Attribute> = function
        .attrs
        .iter()
        .filter(|a| is_codegen_attr(a))
        .collect();
    if placement == Placement::Sibling {
        attrs.extend(
            function
                .attrs
                .iter()
                .filter(|a| is_lint_attr(a) || a.path().is_ident("cfg")),
        );
    }
    let inline = if attrs.iter().any(|a| a.path().is_ident("inline")) {
        quote!()
    } else {
        quote!(#[inline])
    };
    let hidden = (placement == Placement::Sibling).then(|| quote!(#[doc(hidden)]));
    let features = target.map(|target| {
        let cfg = target.arch.cfg();
        let enable = target.enable.join(",");
        quote! {
            #[cfg(#cfg)]
            #[target_feature(enable = #enable)]
        }
    });
    quote! {
        #features
        #inline
        #hidden
        #(#attrs)*
        #sig #body
    }
}

/// Keeps recursive calls inside the current clone: `name(..)` → `__perfattr_avx2(..)`,
/// `Self::name(..)`/`self.name(..)` → the sibling clone. Calls from closures and nested
/// items still go through the dispatcher.
struct Recursion<'a> {
    original: &'a Ident,
    clone: &'a Ident,
    placement: Placement,
}

impl VisitMut for Recursion<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Call(call) => {
                if let Expr::Path(path) = &mut *call.func
                    && path.qself.is_none()
                    && self.is_recursive(&path.path)
                    && let Some(last) = path.path.segments.last_mut()
                {
                    last.ident = self.clone.clone();
                }
            }
            Expr::MethodCall(call) if self.placement == Placement::Sibling => {
                let receiver_is_self =
                    matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self"));
                if receiver_is_self && call.method == *self.original {
                    call.method = self.clone.clone();
                }
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_expr_closure_mut(&mut self, _: &mut ExprClosure) {}

    fn visit_item_mut(&mut self, _: &mut Item) {}
}

impl Recursion<'_> {
    fn is_recursive(&self, path: &Path) -> bool {
        let segments: Vec<&Ident> = path.segments.iter().map(|s| &s.ident).collect();
        match (self.placement, segments.as_slice()) {
            (Placement::Nested, [name]) => *name == self.original,
            (Placement::Sibling, [ty, name]) => *ty == "Self" && *name == self.original,
            _ => false,
        }
    }
}

/// The dispatcher's inputs: user patterns replaced by plain names (the clones keep the
/// patterns), and the expressions that forward them.
pub fn forwarded_inputs(function: &Function) -> (Punctuated<FnArg, Token![,]>, Vec<TokenStream>) {
    let mut inputs = Punctuated::new();
    let mut forward = Vec::new();
    for (index, input) in function.sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                inputs.push(FnArg::Receiver(receiver.clone()));
                forward.push(quote!(self));
            }
            FnArg::Typed(typed) => {
                let ident = match &*typed.pat {
                    Pat::Ident(PatIdent {
                        by_ref: None,
                        subpat: None,
                        ident,
                        ..
                    }) if ident != "self" => ident.clone(),
                    _ => Ident::new(&format!("__perfattr_arg{index}"), Span::call_site()),
                };
                let mut typed = typed.clone();
                typed.pat = Box::new(Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: ident.clone(),
                    subpat: None,
                }));
                inputs.push(FnArg::Typed(typed));
                forward.push(quote!(#ident));
            }
        }
    }
    (inputs, forward)
}

/// The input types, for a function-pointer type.
pub fn input_types(function: &Function) -> Vec<&Type> {
    function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(&*typed.ty),
            FnArg::Receiver(_) => None,
        })
        .collect()
}
