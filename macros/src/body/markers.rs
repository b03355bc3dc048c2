//! Branch-level `#[cold_path]` markers inside an annotated function.
//!
//! Rust has no stable attribute for "this branch is unlikely", but attributes on match arms,
//! blocks and statements do reach the outer attribute macro. Each marker is replaced by a call
//! to the runtime's `cold_path()` at the start of the branch, which is what makes the branch
//! cold for the compiler.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::token::{Brace, Paren};
use syn::visit_mut;
use syn::{
    Arm, Attribute, Block, Expr, ExprBlock, ExprCall, ExprPath, Item, Meta, Path, Stmt, Token,
};

use super::calls;
use super::cfg_attr::{cfg_attr_hints, gated};
use super::exprs::{expr_attrs_mut, statement_attrs_mut};
use super::macro_rules;
use super::scope::Shape;
use super::sites::{self, Context, FUNCTION_SITE, Kind, REGION_SITE, Site};
use crate::common::attrs::Hint;
use crate::common::copy::copy;
use crate::common::errors::Errors;
use crate::common::function::Function;
use crate::common::krate;
use crate::common::visit::{AsDyn, Visitor};

/// What the rewrite found out for the function's own counter site.
pub struct Summary {
    /// Functions and methods called at the function's top level, outside cold branches and
    /// loops or closures that are not counted.
    pub calls: Vec<String>,
    /// The body has a loop or a closure.
    pub has_loop: bool,
    /// Every function and method called anywhere in the body outside cold branches, loops
    /// and closures included: the hot code it reaches, which the work it accounts for
    /// includes.
    pub reaches: Vec<String>,
}

/// Replaces every marker in the function's body with a `cold_path()` call and, with
/// `counting`, a counter site for the branch and for the loop or closure around it (leaf sites
/// when `counting` says the function is a leaf).
pub fn rewrite(
    function: &mut Function,
    krate: &Path,
    counting: Option<Shape>,
    errors: &mut Errors,
) -> Summary {
    let name = function.sig.ident.clone();
    let mut markers = Markers {
        krate: Some(krate),
        errors,
        counting: counting.map(|shape| Counting {
            context: Context {
                krate,
                function: &name,
                leaf: shape == Shape::Leaf,
            },
            regions: vec![Vec::new()],
            reaches: Vec::new(),
            cold_depth: 0,
            markers: 0,
            has_loop: false,
        }),
    };
    if let Some(block) = function.block_mut() {
        markers.visit_block_mut(block);
    }
    match markers.counting {
        Some(mut counting) => Summary {
            calls: counting.regions.pop().unwrap_or_default(),
            has_loop: counting.has_loop,
            reaches: counting.reaches,
        },
        None => Summary {
            calls: Vec::new(),
            has_loop: false,
            reaches: Vec::new(),
        },
    }
}

/// Removes every marker without rewriting, so an item emitted beside an error compiles.
pub fn strip(function: &mut Function) {
    if let Some(block) = function.block_mut() {
        let mut errors = Errors::default();
        let mut markers = Markers {
            krate: None,
            errors: &mut errors,
            counting: None,
        };
        markers.visit_block_mut(block);
    }
}

struct Markers<'a> {
    /// `None` when stripping: markers are removed and nothing is reported.
    krate: Option<&'a Path>,
    errors: &'a mut Errors,
    /// `None` when the function is not counted (stripping, `const fn`, `#[multiversion]`).
    counting: Option<Counting<'a>>,
}

/// The walk's state for counter sites.
struct Counting<'a> {
    context: Context<'a>,
    /// The functions called in each enclosing region, innermost last; the first is the
    /// function's top level. A region (loop or closure) is counted once it holds a marker.
    regions: Vec<Vec<String>>,
    /// Every call outside cold branches, whatever region it is in.
    reaches: Vec<String>,
    /// How many marked branches the walk is inside: calls there are cold.
    cold_depth: usize,
    /// Markers found so far: a region that saw one is counted.
    markers: usize,
    has_loop: bool,
}

impl Markers<'_> {
    /// Removes the perfattr attributes from `attrs`; returns the statements to insert (the
    /// `cold_path()` call and, when counting, the branch's counter) and the marker's span if
    /// one of them was a valid marker.
    fn take(&mut self, attrs: &mut Vec<Attribute>) -> Option<(Vec<Stmt>, Span)> {
        let mut marker = None;
        // Each hint, and the `cfg_attr` predicate it sits under, if any.
        let mut taken: Vec<(Hint, Attribute, Option<Meta>)> = Vec::new();
        for attr in std::mem::take(attrs) {
            if let Some(hint) = Hint::of(&attr) {
                taken.push((hint, attr, None));
            } else if let Some(cfg) = cfg_attr_hints(&attr) {
                taken.extend(
                    cfg.hints
                        .into_iter()
                        .map(|(hint, attr)| (hint, attr, Some(copy(&cfg.predicate)))),
                );
                attrs.extend(cfg.rest);
            } else {
                attrs.push(attr);
            }
        }
        let krate = self.krate?;
        for (hint, attr, predicate) in taken {
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
                    let mut stmts = vec![cold_path_call(krate, span)];
                    if let Some(counting) = &mut self.counting {
                        counting.markers += 1;
                        let parent = if counting.regions.len() > 1 {
                            REGION_SITE
                        } else {
                            FUNCTION_SITE
                        };
                        stmts.push(counting.context.site(&Site {
                            kind: Kind::Branch,
                            name: None,
                            parent: Some(parent),
                            calls: &[],
                            has_loop: false,
                            reaches: &[],
                            span,
                            target: None,
                        }));
                    }
                    if let Some(predicate) = &predicate {
                        stmts = stmts
                            .into_iter()
                            .map(|stmt| gated(stmt, predicate))
                            .collect();
                    }
                    marker = Some((stmts, span));
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

impl Markers<'_> {
    /// Visits `visit`'s part of the tree inside a marked branch when `marked`: calls there
    /// are cold and do not make their callee a hot function's callee.
    fn in_branch(&mut self, marked: bool, visit: impl FnOnce(&mut Self)) {
        if let Some(counting) = self.counting.as_mut().filter(|_| marked) {
            counting.cold_depth += 1;
        }
        visit(self);
        if let Some(counting) = self.counting.as_mut().filter(|_| marked) {
            counting.cold_depth -= 1;
        }
    }

    /// Visits a loop's or closure's body as a region of its own; returns the region's counter
    /// site to put at the start of the body if a marker was found in it.
    fn in_region(&mut self, kind: Kind, span: Span, visit: impl FnOnce(&mut Self)) -> Option<Stmt> {
        let Some(counting) = self.counting.as_mut() else {
            visit(self);
            return None;
        };
        counting.has_loop = true;
        counting.regions.push(Vec::new());
        let before = counting.markers;
        visit(self);
        let counting = self.counting.as_mut()?;
        let calls = counting.regions.pop().unwrap_or_default();
        let counted = counting.markers > before;
        // An uncounted closure (`unwrap_or_else(|| rare(e))`) runs as part of the code around
        // it, at most about once per run of it: its calls are that code's. An uncounted
        // loop's calls run any number of times per run of the code around: they are not.
        if !counted && kind == Kind::Closure {
            if let Some(outer) = counting.regions.last_mut() {
                for call in calls {
                    add_once(outer, call);
                }
            }
            return None;
        }
        counted.then(|| {
            counting.context.site(&Site {
                kind,
                name: Some(REGION_SITE),
                parent: None,
                calls: &calls,
                has_loop: false,
                reaches: &[],
                span,
                target: None,
            })
        })
    }
}

impl Visitor for Markers<'_> {
    /// A macro's arguments are tokens syn does not parse (`call!(rare(x))`,
    /// `debug_assert!(valid(x))`): a name followed by parentheses there is taken as a call, so
    /// a cold function called through a macro still finds the hot code that calls it.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.record_token_calls(mac.tokens.clone());
        visit_mut::visit_macro_mut(self.dyn_mut(), mac);
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        for mut stmt in std::mem::take(&mut block.stmts) {
            let attrs = match &mut stmt {
                Stmt::Local(local) => Some(&mut local.attrs),
                Stmt::Macro(mac) => Some(&mut mac.attrs),
                Stmt::Expr(expr, _) => statement_attrs_mut(expr),
                // An item's attributes are its own: `#[cold_path] fn inner()` is a cold function.
                Stmt::Item(_) => None,
            };
            let cold = attrs.and_then(|attrs| self.take(attrs)).map(|(stmts, _)| {
                block.stmts.extend(stmts);
            });
            self.in_branch(cold.is_some(), |this| this.visit_stmt_mut(&mut stmt));
            block.stmts.push(stmt);
        }
    }

    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        let marker = self.take(&mut arm.attrs);
        self.in_branch(marker.is_some(), |this| {
            visit_mut::visit_arm_mut(this.dyn_mut(), arm);
        });
        if let Some((marker, _)) = marker {
            match &mut *arm.body {
                Expr::Block(body) if body.attrs.is_empty() && body.label.is_none() => {
                    body.block.stmts.splice(0..0, marker);
                }
                body => {
                    let inner = std::mem::replace(body, Expr::Verbatim(TokenStream::new()));
                    let mut stmts = marker;
                    stmts.push(Stmt::Expr(inner, None));
                    *body = Expr::Block(ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: Block {
                            brace_token: Brace::default(),
                            stmts,
                        },
                    });
                }
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let taken = expr_attrs_mut(expr).and_then(|attrs| self.take(attrs));
        let cold = taken.is_some();
        if let Some((stmts, span)) = taken {
            match expr {
                Expr::Block(block) => {
                    block.block.stmts.splice(0..0, stmts);
                }
                Expr::Unsafe(block) => {
                    block.block.stmts.splice(0..0, stmts);
                }
                _ => self.errors.push(syn::Error::new(
                    span,
                    "`#[cold_path]` inside a function goes on a match arm, a block or a \
                     statement; wrap this expression in a block: `#[cold_path] { … }`",
                )),
            }
        }
        self.record_call(expr);
        self.in_branch(cold, |this| this.visit_expr_inner(expr));
    }

    /// Nested items carry their own attributes and are expanded on their own, except a
    /// `macro_rules!`'s markers, which no attribute would ever see: taken out, with an error.
    fn visit_item_mut(&mut self, item: &mut Item) {
        for span in macro_rules::take_markers(item) {
            if self.krate.is_some() {
                self.errors.push(syn::Error::new(
                    span,
                    "`#[cold_path]` inside a `macro_rules!` body: the attribute sees the macro's \
                     definition, not its expansion, so it cannot mark the branch; write \
                     `perfattr::cold!();` at the start of the branch instead",
                ));
            }
        }
    }
}

impl Markers<'_> {
    /// The walk below `expr`: loops and closures are regions, everything else is visited
    /// as usual.
    fn visit_expr_inner(&mut self, expr: &mut Expr) {
        match expr {
            Expr::ForLoop(each) => {
                for attr in &mut each.attrs {
                    self.visit_attribute_mut(attr);
                }
                self.visit_pat_mut(&mut each.pat);
                // The iterator is evaluated once, outside the loop.
                self.visit_expr_mut(&mut each.expr);
                let body = &mut each.body;
                if let Some(site) = self.in_region(Kind::Loop, each.for_token.span, |this| {
                    this.visit_block_mut(body);
                }) {
                    sites::insert_at_start(body, site);
                }
            }
            Expr::While(each) => {
                let (cond, body) = (&mut each.cond, &mut each.body);
                if let Some(site) = self.in_region(Kind::Loop, each.while_token.span, |this| {
                    this.visit_expr_mut(cond);
                    this.visit_block_mut(body);
                }) {
                    sites::insert_at_start(body, site);
                }
            }
            Expr::Loop(each) => {
                let body = &mut each.body;
                if let Some(site) = self.in_region(Kind::Loop, each.loop_token.span, |this| {
                    this.visit_block_mut(body);
                }) {
                    sites::insert_at_start(body, site);
                }
            }
            Expr::Closure(closure) => {
                let span = closure.inputs_begin.span;
                let body = &mut closure.body;
                if let Some(site) = self.in_region(Kind::Closure, span, |this| {
                    this.visit_expr_mut(body);
                }) {
                    if let Expr::Block(block) = &mut **body {
                        if block.attrs.is_empty() && block.label.is_none() {
                            sites::insert_at_start(&mut block.block, site);
                            return;
                        }
                    }
                    let inner = std::mem::replace(&mut **body, Expr::Verbatim(TokenStream::new()));
                    **body = Expr::Block(ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: Block {
                            brace_token: Brace::default(),
                            stmts: vec![site, Stmt::Expr(inner, None)],
                        },
                    });
                }
            }
            other => visit_mut::visit_expr_mut(self.dyn_mut(), other),
        }
    }

    /// Records a call in the current region, and the functions passed by name as its
    /// arguments (`.map(checksum)`, `.unwrap_or_else(missing)`), which it calls.
    fn record_call(&mut self, expr: &Expr) {
        self.record_names(calls::of_expr(expr));
    }

    /// Records every `name(…)` in a macro's tokens as a call in the current region.
    fn record_token_calls(&mut self, tokens: TokenStream) {
        let mut names = Vec::new();
        calls::in_tokens(tokens, &mut names);
        self.record_names(names);
    }

    /// Adds `names` to the current region's calls, once each, unless counting is off or the
    /// walk is in a marked branch (calls there are cold).
    fn record_names(&mut self, names: impl IntoIterator<Item = String>) {
        let Some(counting) = self.counting.as_mut() else {
            return;
        };
        if counting.cold_depth > 0 {
            return;
        }
        for name in names {
            add_once(&mut counting.reaches, name.clone());
            if let Some(calls) = counting.regions.last_mut() {
                add_once(calls, name);
            }
        }
    }
}

/// Adds `name` to `names` unless it is there already.
fn add_once(names: &mut Vec<String>, name: String) {
    if !names.contains(&name) {
        names.push(name);
    }
}

/// `<krate>::__private::cold_path();`, built directly rather than parsed, so that no user
/// path can make the macro panic.
fn cold_path_call(krate: &Path, span: Span) -> Stmt {
    let call = ExprCall {
        attrs: Vec::new(),
        func: Box::new(Expr::Path(ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: krate::private(krate, "cold_path", span),
        })),
        paren_token: Paren(span),
        args: Punctuated::new(),
    };
    Stmt::Expr(Expr::Call(call), Some(Token![;](span)))
}
