//! Branch-level `#[cold_path]` markers inside an annotated function.
//!
//! Rust has no stable attribute for "this branch is unlikely", but attributes on match arms,
//! blocks and statements do reach the outer attribute macro. Each marker is replaced by a call
//! to the runtime's `cold_path()` at the start of the branch, which is what makes the branch
//! cold for the compiler.

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::token::{Brace, Paren};
use syn::visit_mut::{self, VisitMut};
use syn::{
    Arm, Attribute, Block, Expr, ExprBlock, ExprCall, ExprPath, Item, Meta, Path, Stmt, Token,
};

use crate::errors::Errors;
use crate::function::Function;
use crate::placement::Hint;

/// Replaces every marker in the function's body with a `cold_path()` call.
pub fn rewrite(function: &mut Function, krate: &Path, errors: &mut Errors) {
    if let Some(block) = function.block_mut() {
        let mut markers = Markers {
            krate: Some(krate),
            errors,
        };
        markers.visit_block_mut(block);
    }
}

/// Removes every marker without rewriting, so an item emitted beside an error compiles.
pub fn strip(function: &mut Function) {
    if let Some(block) = function.block_mut() {
        let mut errors = Errors::default();
        let mut markers = Markers {
            krate: None,
            errors: &mut errors,
        };
        markers.visit_block_mut(block);
    }
}

struct Markers<'a> {
    /// `None` when stripping: markers are removed and nothing is reported.
    krate: Option<&'a Path>,
    errors: &'a mut Errors,
}

impl Markers<'_> {
    /// Removes the perfattr attributes from `attrs`; returns the `cold_path()` call to insert
    /// and the marker's span if one of them was a valid marker.
    fn take(&mut self, attrs: &mut Vec<Attribute>) -> Option<(Stmt, Span)> {
        let mut marker = None;
        let mut taken = Vec::new();
        attrs.retain(|attr| match Hint::of(attr) {
            Some(hint) => {
                taken.push((hint, attr.clone()));
                false
            }
            None => true,
        });
        let krate = self.krate?;
        for (hint, attr) in taken {
            match (hint, &attr.meta) {
                (Hint::Hot, _) => self.errors.push(syn::Error::new_spanned(
                    &attr,
                    "`#[hot]` applies to functions; inside a function, mark the unlikely \
                     branch with `#[cold_path]` or test it with `perfattr::likely(..)`",
                )),
                (Hint::ColdPath, Meta::Path(_)) if marker.is_some() => self.errors.push(
                    syn::Error::new_spanned(&attr, "`#[cold_path]` is applied twice here"),
                ),
                (Hint::ColdPath, Meta::Path(path)) => {
                    let span = path.span();
                    marker = Some((cold_path_call(krate, span), span));
                }
                (Hint::ColdPath, Meta::List(_) | Meta::NameValue(_)) => {
                    self.errors.push(syn::Error::new_spanned(
                        &attr.meta,
                        "a branch-level `#[cold_path]` takes no arguments: write `#[cold_path]`",
                    ));
                }
            }
        }
        marker
    }
}

impl VisitMut for Markers<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        for mut stmt in std::mem::take(&mut block.stmts) {
            let attrs = match &mut stmt {
                Stmt::Local(local) => Some(&mut local.attrs),
                Stmt::Macro(mac) => Some(&mut mac.attrs),
                Stmt::Expr(expr, _) => statement_attrs_mut(expr),
                // An item's attributes are its own: `#[cold_path] fn inner()` is a cold function.
                Stmt::Item(_) => None,
            };
            if let Some((call, _)) = attrs.and_then(|attrs| self.take(attrs)) {
                block.stmts.push(call);
            }
            self.visit_stmt_mut(&mut stmt);
            block.stmts.push(stmt);
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        let marker = self.take(&mut arm.attrs);
        visit_mut::visit_arm_mut(self, arm);
        if let Some((marker, _)) = marker {
            match &mut *arm.body {
                Expr::Block(body) if body.attrs.is_empty() && body.label.is_none() => {
                    body.block.stmts.insert(0, marker);
                }
                body => {
                    let inner = std::mem::replace(body, Expr::Verbatim(TokenStream::new()));
                    *body = Expr::Block(ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: Block {
                            brace_token: Brace::default(),
                            stmts: vec![marker, Stmt::Expr(inner, None)],
                        },
                    });
                }
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some((call, span)) = expr_attrs_mut(expr).and_then(|attrs| self.take(attrs)) {
            match expr {
                Expr::Block(block) => block.block.stmts.insert(0, call),
                Expr::Unsafe(block) => block.block.stmts.insert(0, call),
                _ => self.errors.push(syn::Error::new(
                    span,
                    "`#[cold_path]` inside a function goes on a match arm, a block or a \
                     statement; wrap this expression in a block: `#[cold_path] { … }`",
                )),
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    /// Nested items carry their own attributes and are expanded on their own.
    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// `<krate>::__private::cold_path();`, built directly rather than parsed, so that no user
/// path can make the macro panic.
fn cold_path_call(krate: &Path, span: Span) -> Stmt {
    let mut path = krate.clone();
    path.segments.push(Ident::new("__private", span).into());
    path.segments.push(Ident::new("cold_path", span).into());
    let call = ExprCall {
        attrs: Vec::new(),
        func: Box::new(Expr::Path(ExprPath {
            attrs: Vec::new(),
            qself: None,
            path,
        })),
        paren_token: Paren(span),
        args: Punctuated::new(),
    };
    Stmt::Expr(Expr::Call(call), Some(Token![;](span)))
}

/// Where syn keeps the outer attributes of an expression statement: on its leftmost operand
/// when the statement is an assignment, binary operation or cast (`#[attr] a += 1;`).
fn statement_attrs_mut(mut expr: &mut Expr) -> Option<&mut Vec<Attribute>> {
    loop {
        expr = match expr {
            Expr::Assign(e) => &mut e.left,
            Expr::Binary(e) => &mut e.left,
            Expr::Cast(e) => &mut e.expr,
            other => return expr_attrs_mut(other),
        };
    }
}

/// The outer attributes of an expression, for every variant that has them.
fn expr_attrs_mut(expr: &mut Expr) -> Option<&mut Vec<Attribute>> {
    Some(match expr {
        Expr::Array(e) => &mut e.attrs,
        Expr::Assign(e) => &mut e.attrs,
        Expr::Async(e) => &mut e.attrs,
        Expr::Await(e) => &mut e.attrs,
        Expr::Binary(e) => &mut e.attrs,
        Expr::Block(e) => &mut e.attrs,
        Expr::Break(e) => &mut e.attrs,
        Expr::Call(e) => &mut e.attrs,
        Expr::Cast(e) => &mut e.attrs,
        Expr::Closure(e) => &mut e.attrs,
        Expr::Const(e) => &mut e.attrs,
        Expr::Continue(e) => &mut e.attrs,
        Expr::Field(e) => &mut e.attrs,
        Expr::ForLoop(e) => &mut e.attrs,
        Expr::Group(e) => &mut e.attrs,
        Expr::If(e) => &mut e.attrs,
        Expr::Index(e) => &mut e.attrs,
        Expr::Infer(e) => &mut e.attrs,
        Expr::Let(e) => &mut e.attrs,
        Expr::Lit(e) => &mut e.attrs,
        Expr::Loop(e) => &mut e.attrs,
        Expr::Macro(e) => &mut e.attrs,
        Expr::Match(e) => &mut e.attrs,
        Expr::MethodCall(e) => &mut e.attrs,
        Expr::Paren(e) => &mut e.attrs,
        Expr::Path(e) => &mut e.attrs,
        Expr::Range(e) => &mut e.attrs,
        Expr::RawAddr(e) => &mut e.attrs,
        Expr::Reference(e) => &mut e.attrs,
        Expr::Repeat(e) => &mut e.attrs,
        Expr::Return(e) => &mut e.attrs,
        Expr::Struct(e) => &mut e.attrs,
        Expr::Try(e) => &mut e.attrs,
        Expr::TryBlock(e) => &mut e.attrs,
        Expr::Tuple(e) => &mut e.attrs,
        Expr::Unary(e) => &mut e.attrs,
        Expr::Unsafe(e) => &mut e.attrs,
        Expr::While(e) => &mut e.attrs,
        Expr::Yield(e) => &mut e.attrs,
        _ => return None,
    })
}
