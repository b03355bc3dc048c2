//! The clones of a multiversioned function: one copy of the body per target, compiled with
//! `#[target_feature]`, plus the fallback.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, FnArg, Ident, Item, Pat, PatIdent, Path, Token, Type};

use crate::function::{Body, Function};
use crate::targets::Target;

/// Where the clones live.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Nested inside the dispatcher: possible when nothing names `Self`.
    Nested,
    /// Beside the dispatcher in an `impl` block, as `__perfattr_<name>_<target>`: methods and
    /// anything naming `Self`.
    Sibling,
    /// In one hidden module per target beside the dispatcher (`__perfattr_<target>::<name>`):
    /// the functions of a multiversioned `mod`, so that calls between them inside a clone
    /// resolve to the same module, hence the same target.
    Module,
}

impl Placement {
    /// Where a single function's clones go.
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

/// `avx2_fma`, or `fallback`.
fn suffix(target: Option<&Target>) -> String {
    target.map_or_else(|| "fallback".to_owned(), Target::suffix)
}

/// The hidden module of a target's clones, for [`Placement::Module`].
pub fn module(target: Option<&Target>) -> Ident {
    format_ident!("__perfattr_{}", suffix(target))
}

/// The identifier a clone is defined with.
pub fn ident(function: &Function, placement: Placement, target: Option<&Target>) -> Ident {
    sibling_ident(&function.sig.ident, placement, target)
}

/// The identifier of a group function's inlinable body at `target`: what the group's other
/// functions call (see [`emit_inline_body`]).
fn inline_ident(name: &Ident, placement: Placement, target: Option<&Target>) -> Ident {
    let clone = sibling_ident(name, placement, target);
    match placement {
        Placement::Module => format_ident!("__perfattr_inline_{}", clone, span = name.span()),
        Placement::Nested | Placement::Sibling => {
            format_ident!("{}_inline", clone, span = name.span())
        }
    }
}

fn sibling_ident(name: &Ident, placement: Placement, target: Option<&Target>) -> Ident {
    let span = name.span();
    let suffix = suffix(target);
    match placement {
        Placement::Nested => format_ident!("__perfattr_{}", suffix, span = span),
        Placement::Sibling => {
            let base = name.to_string();
            let base = base.strip_prefix("r#").unwrap_or(&base);
            format_ident!("__perfattr_{}_{}", base, suffix, span = span)
        }
        Placement::Module => name.clone(),
    }
}

/// How the dispatcher names a clone: `__perfattr_avx2`, `Self::__perfattr_f_avx2`,
/// `__perfattr_avx2::f`.
pub fn path(function: &Function, placement: Placement, target: Option<&Target>) -> TokenStream {
    let ident = ident(function, placement, target);
    match placement {
        Placement::Nested => quote!(#ident),
        Placement::Sibling => quote!(Self::#ident),
        Placement::Module => {
            let module = module(target);
            quote!(#module::#ident)
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

/// Which functions of a group the rewritten calls may reach.
#[derive(Clone, Copy)]
pub struct Group<'a> {
    /// Every function multiversioned together (for a single function, itself).
    pub members: &'a [Ident],
    /// The members other members call: they get an inlinable body.
    pub called: &'a [Ident],
    /// Each member's number of parameters, in `members` order: a member named as a value
    /// (`.map(chunk)`) becomes a closure of that many parameters.
    pub arities: &'a [usize],
}

/// One clone as an item. Calls to the group's functions inside it stay at the clone's
/// target: a recursive call goes to this clone, a call to another member to that member's
/// inlinable body at this target.
pub fn emit(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
) -> TokenStream {
    emit_flavour(function, placement, target, group, false)
}

/// The body of a group function that other members call, as an `#[inline(always)]` function
/// without target features. rustc drops `#[inline]` on `#[target_feature]` functions, so a
/// small helper clone is often not inlined into its caller's clone; this body always is, and
/// is then compiled with the caller's features.
pub fn emit_inline_body(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
) -> TokenStream {
    if group.called.contains(&function.sig.ident) {
        emit_flavour(function, placement, target, group, true)
    } else {
        TokenStream::new()
    }
}

fn emit_flavour(
    function: &Function,
    placement: Placement,
    target: Option<&Target>,
    group: Group,
    inline_body: bool,
) -> TokenStream {
    let mut sig = function.sig.clone();
    sig.ident = if inline_body {
        inline_ident(&function.sig.ident, placement, target)
    } else {
        ident(function, placement, target)
    };
    sig.abi = None;
    let mut body = match &function.body {
        Body::Block(block) => block.clone(),
        Body::Semi(_) => return TokenStream::new(),
    };
    if placement == Placement::Module {
        ModulePaths.visit_block_mut(&mut body);
    }
    let bound = bound_names(function);
    SameTarget {
        group,
        current: &function.sig.ident,
        placement,
        target,
        inline_body,
        bound: &bound,
    }
    .visit_block_mut(&mut body);

    let mut attrs: Vec<&Attribute> = function
        .attrs
        .iter()
        .filter(|a| is_codegen_attr(a))
        .collect();
    if placement != Placement::Nested {
        attrs.extend(
            function
                .attrs
                .iter()
                .filter(|a| is_lint_attr(a) || a.path().is_ident("cfg")),
        );
    }
    let inline = if inline_body {
        attrs.retain(|a| !is_codegen_attr(a));
        quote!(#[inline(always)] #[allow(clippy::inline_always)])
    } else if attrs.iter().any(|a| a.path().is_ident("inline")) {
        quote!()
    } else {
        quote!(#[inline])
    };
    let head = match placement {
        Placement::Nested => quote!(),
        // A trait method that ignores `self` is exempt from clippy's `unused_self`; its clone,
        // an inherent method, is not. The user's own method still gets the lint where it applies.
        Placement::Sibling => quote!(#[doc(hidden)] #[allow(clippy::unused_self)]),
        Placement::Module => quote!(pub(super)),
    };
    let features = target.map(|target| {
        let cfg = target.arch.cfg();
        let enable = target.minimal().join(",");
        let enable = (!inline_body).then(|| quote!(#[target_feature(enable = #enable)]));
        quote! {
            #[cfg(#cfg)]
            #enable
        }
    });
    let (head, vis) = match placement {
        Placement::Module if inline_body => (quote!(), quote!()),
        Placement::Module => (quote!(), head),
        _ => (head, quote!()),
    };
    quote! {
        #features
        #inline
        #head
        #(#attrs)*
        #vis #sig #body
    }
}

/// Keeps calls to the group inside the current target: `name(..)`, `self::name(..)`,
/// `Self::name(..)` and `self.name(..)` go to the same-target clone (recursion) or inlinable
/// body (another member). Calls from closures and nested items still go through the
/// dispatcher.
struct SameTarget<'a> {
    group: Group<'a>,
    current: &'a Ident,
    placement: Placement,
    target: Option<&'a Target>,
    /// Rewriting an inlinable body, which has no target features: it cannot call a clone.
    inline_body: bool,
    /// Names the function binds (parameters, `let`, patterns): such a name used as a value
    /// may be a variable, so it is left alone.
    bound: &'a std::collections::BTreeSet<Ident>,
}

/// Every name a pattern of `function` binds, anywhere in its signature or body.
fn bound_names(function: &Function) -> std::collections::BTreeSet<Ident> {
    struct Bindings(std::collections::BTreeSet<Ident>);
    impl<'ast> syn::visit::Visit<'ast> for Bindings {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0.insert(pat.ident.clone());
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut bindings = Bindings(std::collections::BTreeSet::new());
    syn::visit::Visit::visit_signature(&mut bindings, &function.sig);
    if let Body::Block(block) = &function.body {
        syn::visit::Visit::visit_block(&mut bindings, block);
    }
    bindings.0
}

impl SameTarget<'_> {
    fn rename(&self, name: &Ident) -> Ident {
        if name == self.current && !self.inline_body {
            sibling_ident(name, self.placement, self.target)
        } else {
            inline_ident(name, self.placement, self.target)
        }
    }
}

impl VisitMut for SameTarget<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Call(call) => {
                if let Expr::Path(path) = &mut *call.func
                    && path.qself.is_none()
                    && let Some(name) = self.group_call(&path.path)
                    && let Some(last) = path.path.segments.last_mut()
                {
                    last.ident = self.rename(&name);
                    for arg in &mut call.args {
                        self.visit_expr_mut(arg);
                    }
                    return;
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
                if let Some(name) = self.group_call(&path.path)
                    && !self.bound.contains(&name)
                    && let Some(at) = self.group.members.iter().position(|m| *m == name)
                {
                    let arity = self.group.arities.get(at).copied().unwrap_or(0);
                    let params: Vec<Ident> = (0..arity)
                        .map(|i| format_ident!("__perfattr_arg{}", i, span = name.span()))
                        .collect();
                    let callee = self.rename(&name);
                    *expr = syn::parse_quote!(|#(#params),*| #callee(#(#params),*));
                    return;
                }
            }
            Expr::MethodCall(call) if self.placement == Placement::Sibling => {
                let receiver_is_self =
                    matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self"));
                if receiver_is_self && self.group.members.contains(&call.method) {
                    call.method = self.rename(&call.method);
                }
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
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

impl VisitMut for ModulePaths {
    fn visit_path_mut(&mut self, path: &mut Path) {
        let starts_with_super = path
            .segments
            .first()
            .is_some_and(|first| first.ident == "super");
        if path.leading_colon.is_none() && path.segments.len() > 1 && starts_with_super {
            let span = path.segments[0].ident.span();
            path.segments.insert(0, Ident::new("super", span).into());
        }
        visit_mut::visit_path_mut(self, path);
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
