//! The rewrites of a clone's body: calls to the functions multiversioned with it stay at the
//! clone's target, and paths moved one module down still name the same items.

use proc_macro2::TokenStream;
use quote::format_ident;
use syn::visit_mut;
use syn::{Block, Expr, Ident, Item, PatIdent, Path};

use super::ir::{Group, Placement, Target};
use super::names::{inline_ident, sibling_ident};
use crate::common::copy::copy;
use crate::common::function::{Body, Function};
use crate::common::set::Set;
use crate::common::visit::{AsDyn, Visitor};

/// Rewrites `body`, a copy of `function`'s, for the clone at `target` (or, with `inline_body`,
/// for its inlinable body at that target).
pub fn keep_at_target(
    body: &mut Block,
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    inline_body: bool,
    krate: &Path,
) {
    // A trampoline's body is a closure in the dispatcher: its calls go through the dispatcher.
    if placement == Placement::Trampoline {
        return;
    }
    if placement == Placement::Module {
        ModulePaths.visit_block_mut(body);
    }
    let bound = bound_names(function);
    SameTarget {
        krate,
        group,
        current: &function.sig.ident,
        placement,
        target,
        inline_body,
        bound: &bound,
    }
    .visit_block_mut(body);
}

/// Keeps calls to the group inside the current target: `name(..)`, `self::name(..)`,
/// `Self::name(..)` and `self.name(..)` go to the same-target clone (recursion) or inlinable
/// body (another member). Calls from closures and nested items still go through the
/// dispatcher.
struct SameTarget<'a> {
    krate: &'a Path,
    group: Group<'a>,
    current: &'a Ident,
    placement: Placement,
    target: Option<&'a Target>,
    /// Rewriting an inlinable body, which has no target features: it cannot call a clone.
    inline_body: bool,
    /// Names the function binds (parameters, `let`, patterns): such a name used as a value
    /// may be a variable, so it is left alone.
    bound: &'a Set<Ident>,
}

/// Every name a pattern of `function` binds, anywhere in its signature or body.
fn bound_names(function: &Function) -> Set<Ident> {
    struct Bindings(Set<Ident>);
    impl Visitor for Bindings {
        fn visit_pat_ident_mut(&mut self, pat: &mut PatIdent) {
            self.0.insert(pat.ident.clone());
            visit_mut::visit_pat_ident_mut(self.dyn_mut(), pat);
        }
    }
    // syn's `visit-mut` walks a copy: one visitor feature, one less in syn's build.
    let mut bindings = Bindings(Set::new());
    bindings.visit_signature_mut(&mut copy(&function.sig));
    if let Body::Block(block) = &function.body {
        bindings.visit_block_mut(&mut copy(block));
    }
    bindings.0
}

impl SameTarget<'_> {
    fn rename(&self, name: &Ident) -> Ident {
        if self.calls_clone(name) {
            sibling_ident(name, self.placement, self.target, self.group.namespace)
        } else {
            inline_ident(name, self.placement, self.target, self.group.namespace)
        }
    }

    /// Whether a call to `name` goes to a `#[target_feature]` clone (recursion in a target's
    /// clone, or a member whose code differs between clones), rather than to a function
    /// without target features.
    fn calls_clone(&self, name: &Ident) -> bool {
        (name == self.current || self.group.per_clone.contains(name)) && !self.inline_body
    }

    /// `call`, or for a call to a target clone the runtime's `target_call!(call)`, which is
    /// `unsafe` where the compiler has no safe `#[target_feature]` functions (before 1.86);
    /// `unsafe_call!(call)` for a method's clone, an `unsafe fn` on every release.
    fn call(&self, name: &Ident, call: Expr) -> Expr {
        if self.target.is_some() && self.calls_clone(name) {
            let krate = self.krate;
            if self.placement == Placement::Sibling {
                syn::parse_quote!(#krate::__private::unsafe_call!(#call))
            } else {
                syn::parse_quote!(#krate::__private::target_call!(#call))
            }
        } else {
            call
        }
    }
}

impl Visitor for SameTarget<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Call(call) => {
                if let Expr::Path(path) = &mut *call.func {
                    let name = self.group_call(&path.path).filter(|_| path.qself.is_none());
                    if let (Some(name), Some(last)) = (name, path.path.segments.last_mut()) {
                        last.ident = self.rename(&name);
                        for arg in &mut call.args {
                            self.visit_expr_mut(arg);
                        }
                        let call = std::mem::replace(expr, Expr::Verbatim(TokenStream::new()));
                        *expr = self.call(&name, call);
                        return;
                    }
                }
            }
            // In a target's module a member's name is its `#[target_feature]` clone, which does
            // not implement the `Fn` traits: named as a value, it becomes a closure that calls
            // the same-target clone (closures inherit the target features).
            Expr::Path(path)
                if self.placement == Placement::Module
                    && path.qself.is_none()
                    && path.attrs.is_empty() =>
            {
                let name = self
                    .group_call(&path.path)
                    .filter(|name| !self.bound.contains(name));
                let member = name.and_then(|name| {
                    let at = self.group.members.iter().position(|m| *m == name)?;
                    Some((name, at))
                });
                if let Some((name, at)) = member {
                    let arity = self.group.arities.get(at).copied().unwrap_or(0);
                    let params: Vec<Ident> = (0..arity)
                        .map(|i| format_ident!("__perfattr_arg{}", i, span = name.span()))
                        .collect();
                    let callee = self.rename(&name);
                    let call = self.call(&name, syn::parse_quote!(#callee(#(#params),*)));
                    *expr = syn::parse_quote!(|#(#params),*| #call);
                    return;
                }
            }
            Expr::MethodCall(call) if self.placement == Placement::Sibling => {
                let receiver_is_self =
                    matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self"));
                if receiver_is_self && self.group.members.contains(&call.method) {
                    let name = call.method.clone();
                    call.method = self.rename(&name);
                    visit_mut::visit_expr_mut(self.dyn_mut(), expr);
                    let call = std::mem::replace(expr, Expr::Verbatim(TokenStream::new()));
                    *expr = self.call(&name, call);
                    return;
                }
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self.dyn_mut(), expr);
    }

    fn visit_item_mut(&mut self, _: &mut Item) {}
}

impl SameTarget<'_> {
    /// The group function a call path names: `name` or `self::name` (nested, module), or
    /// `Self::name` (sibling).
    fn group_call(&self, path: &Path) -> Option<Ident> {
        let segments: Vec<&Ident> = path.segments.iter().map(|s| &s.ident).collect();
        let name = match (self.placement, segments.as_slice()) {
            (Placement::Nested | Placement::Module, [name]) => *name,
            (Placement::Module, [module, name]) if *module == "self" => *name,
            (Placement::Sibling, [ty, name]) if *ty == "Self" => *name,
            _ => return None,
        };
        let member = self.group.members.contains(name);
        let reachable = name == self.current || self.group.called.contains(name);
        (member && reachable).then(|| name.clone())
    }
}

/// A body moved one module down (into `__perfattr_<target>`, which glob-imports its
/// parent): `super::x` becomes `super::super::x`. `self::x` stays: through the glob import it
/// names the same item, or the same-target clone of a multiversioned sibling.
struct ModulePaths;

impl Visitor for ModulePaths {
    fn visit_path_mut(&mut self, path: &mut Path) {
        let starts_with_super = path
            .segments
            .first()
            .is_some_and(|first| first.ident == "super");
        if path.leading_colon.is_none() && path.segments.len() > 1 && starts_with_super {
            let span = path.segments[0].ident.span();
            path.segments.insert(0, Ident::new("super", span).into());
        }
        visit_mut::visit_path_mut(self.dyn_mut(), path);
    }
}
