//! Whether a counted function is a *scope* or a *leaf* for the runtime's pending counts
//! (`perfattr::counters` explains both): a function whose body has a loop or a closure runs
//! the per-byte work of the leaves it calls, so it holds a scope that publishes their counts
//! when it returns; a function with neither is a leaf, whose counts stay in a register when it
//! is inlined into a scope's loop. A macro call may hide a loop (`scan!(bytes, is_token)`), so
//! a function that invokes a macro other than the standard library's formatting, assertion
//! and constant macros is a scope too: a scope is always correct, a leaf only cheaper.

use syn::{Expr, Item, Macro};

use crate::common::function::Function;
use crate::common::visit::{AsDyn, Visitor};

/// How a counted function's sites count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Has a loop or a closure, not `async`: holds a scope, counts as before.
    Scope,
    /// Has neither: its own and its branches' sites are leaf sites.
    Leaf,
    /// An `async fn` with a loop or closure: a scope cannot be held across `.await` (the
    /// future may resume on another thread), so it counts as before and holds none.
    Plain,
}

impl Shape {
    /// The function's shape (the walk only reads it; the traversal is `visit_mut`'s).
    pub fn of(function: &mut Function) -> Shape {
        let is_async = function.sig.asyncness.is_some();
        let Some(block) = function.block_mut() else {
            return Shape::Plain;
        };
        let mut finder = Finder { found: false };
        finder.visit_block_mut(block);
        match (finder.found, is_async) {
            (false, _) => Shape::Leaf,
            (true, false) => Shape::Scope,
            (true, true) => Shape::Plain,
        }
    }
}

/// Looks for a loop or closure outside nested items.
struct Finder {
    found: bool,
}

impl Visitor for Finder {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if matches!(
            expr,
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) | Expr::Closure(_)
        ) {
            self.found = true;
        } else if !self.found {
            syn::visit_mut::visit_expr_mut(self.dyn_mut(), expr);
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if !name.is_some_and(|name| LOOPLESS.contains(&name.as_str())) {
            self.found = true;
        }
    }

    // A nested function's loops are its own.
    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// Macros that run no loop of the caller's: formatting, assertions, constants, perfattr's own.
const LOOPLESS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "cold",
    "column",
    "compile_error",
    "concat",
    "count",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "file",
    "format",
    "format_args",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "stringify",
    "todo",
    "unimplemented",
    "unreachable",
];
