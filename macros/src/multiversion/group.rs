//! `#[multiversion]` on an inline `mod` or an `impl` block: every eligible function inside is
//! multiversioned together, and calls between them inside a clone go straight to the
//! same-target clone, where they can inline.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut;
use syn::{
    Attribute, Expr, ExprCall, ExprMethodCall, Ident, ImplItem, Item, ItemImpl, ItemMod, Signature,
};

use super::dispatch::Dispatcher;
use super::ir::{Args, Group, Opaque, Placement, opaque_return};
use super::names;
use super::valid;
use crate::common::attrs::{MULTIVERSION, names_attribute, outer};
use crate::common::copy::copy;
use crate::common::errors::Errors;
use crate::common::function::{Body, Function};
use crate::common::set::Set;
use crate::common::visit::{AsDyn, Visitor};

/// Functions a group multiversions: the rest (`const fn`, an `impl Trait` return the
/// dispatcher cannot return, functions with their own `#[multiversion]`) stay as written; an
/// `async fn` is an error ([`refuse_async`]).
fn eligible(sig: &Signature, attrs: &[Attribute]) -> bool {
    let own = attrs.iter().any(|a| names_attribute(a, MULTIVERSION));
    sig.constness.is_none()
        && sig.asyncness.is_none()
        && sig.variadic.is_none()
        && !matches!(opaque_return(sig), Opaque::Unsupported(_))
        && !own
}

/// An `async fn` in a group is an error, as it is on its own (a silent exception would leave
/// it out of dispatch and the report): the clones' features would cover creating the future,
/// not the code that runs when it is polled.
fn refuse_async(sig: &Signature, errors: &mut Errors) {
    if let Some(asyncness) = &sig.asyncness {
        errors.push(syn::Error::new_spanned(
            asyncness,
            "`#[multiversion]` on a `mod` or `impl` cannot multiversion its `async fn`: the \
             target features would cover creating the future, not the code that runs when it \
             is polled; move it out of the block, or multiversion a synchronous function it \
             calls",
        ));
    }
}

/// The functions of a group, validated, with what their clones need to know of each other.
struct Members {
    functions: Vec<Function>,
    names: Vec<Ident>,
    /// The members other members call (see [`called_by_siblings`]).
    internal: Set<Ident>,
    called: Vec<Ident>,
    arities: Vec<usize>,
    /// A trait impl's trait (see [`Group::namespace`]).
    namespace: Option<Ident>,
    /// See [`Group::per_clone`].
    per_clone: Vec<Ident>,
}

impl Members {
    fn new(
        mut functions: Vec<Function>,
        namespace: Option<Ident>,
        args: &Args,
        errors: &mut Errors,
    ) -> Members {
        for function in &mut functions {
            valid::prepare(function, &args.krate, errors);
            names::for_bench(args, None).pass_to_bench(function);
        }
        let names: Vec<Ident> = functions.iter().map(|f| f.sig.ident.clone()).collect();
        let per_clone: Vec<Ident> = functions
            .iter()
            .filter(|f| super::target_cfg::differs(f))
            .map(|f| f.sig.ident.clone())
            .collect();
        let internal = called_by_siblings(&functions, &names);
        Members {
            called: internal.iter().cloned().collect(),
            arities: functions.iter().map(|f| f.sig.inputs.len()).collect(),
            functions,
            names,
            internal,
            namespace,
            per_clone,
        }
    }

    fn group(&self) -> Group<'_> {
        Group {
            members: &self.names,
            called: &self.called,
            arities: &self.arities,
            namespace: self.namespace.as_ref(),
            per_clone: &self.per_clone,
        }
    }
}

/// The members of `names` that the bodies of *other* members call (`f(..)`, `self::f(..)`,
/// `self.f(..)`, `Self::f(..)`). In the user's code those calls make them used; after
/// expansion the calls go to clones, so their dispatchers must not be reported as dead.
fn called_by_siblings(functions: &[Function], names: &[Ident]) -> Set<Ident> {
    let mut calls = Calls {
        names,
        current: None,
        found: Set::new(),
    };
    for function in functions {
        calls.current = Some(&function.sig.ident);
        if let Body::Block(block) = &function.body {
            // syn's `visit-mut` walks a copy: one visitor feature, one less in syn's build.
            calls.visit_block_mut(&mut copy(block));
        }
    }
    calls.found
}

struct Calls<'a> {
    names: &'a [Ident],
    current: Option<&'a Ident>,
    found: Set<Ident>,
}

impl Calls<'_> {
    fn note(&mut self, name: &Ident) {
        if self.names.contains(name) && self.current != Some(name) {
            self.found.insert(name.clone());
        }
    }
}

impl Visitor for Calls<'_> {
    // Calls from nested items are not rewritten: they reach the dispatcher. Calls from
    // closures are: a closure inherits its function's target features.
    fn visit_item_mut(&mut self, _: &mut Item) {}

    fn visit_expr_call_mut(&mut self, call: &mut ExprCall) {
        if let Expr::Path(path) = &*call.func {
            if let Some(name) = local_name(&path.path, &["self", "Self"]) {
                self.note(name);
            }
        }
        visit_mut::visit_expr_call_mut(self.dyn_mut(), call);
    }

    /// A member named as a value (`.map(chunk)`) is called through a closure at the
    /// caller's target: it needs the inlinable body too.
    fn visit_expr_path_mut(&mut self, path: &mut syn::ExprPath) {
        if let Some(name) = local_name(&path.path, &["self"]).filter(|_| path.qself.is_none()) {
            self.note(name);
        }
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut ExprMethodCall) {
        if matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self")) {
            self.note(&call.method);
        }
        visit_mut::visit_expr_method_call_mut(self.dyn_mut(), call);
    }
}

/// Rewrites `Self::NAME` (and `Self::NAME::…`) to `<Self as Trait>::NAME` for the associated
/// consts and types of a trait impl, in a method's signature and body: the same item in the
/// trait impl, the only way to name it from the inherent impl that holds the clones.
struct QualifySelf<'a> {
    trait_path: &'a syn::Path,
    associated: &'a Set<Ident>,
}

impl QualifySelf<'_> {
    fn visit_function(&mut self, function: &mut Function) {
        self.visit_signature_mut(&mut function.sig);
        if let Body::Block(block) = &mut function.body {
            self.visit_block_mut(block);
        }
    }

    fn qualify(&self, qself: &mut Option<syn::QSelf>, path: &mut syn::Path) {
        let starts_with_self = qself.is_none()
            && path.leading_colon.is_none()
            && path.segments.len() >= 2
            && path.segments[0].ident == "Self"
            && path.segments[0].arguments.is_none()
            && self.associated.contains(&path.segments[1].ident);
        if !starts_with_self {
            return;
        }
        let span = path.segments[0].ident.span();
        let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).map(copy).collect();
        *qself = Some(syn::QSelf {
            lt_token: syn::Token![<](span),
            ty: Box::new(syn::parse_quote_spanned!(span=> Self)),
            position: self.trait_path.segments.len(),
            as_token: Some(syn::Token![as](span)),
            gt_token: syn::Token![>](span),
        });
        let mut qualified = copy(self.trait_path);
        qualified.segments.extend(rest);
        *path = qualified;
    }
}

impl Visitor for QualifySelf<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        self.qualify(&mut ty.qself, &mut ty.path);
        visit_mut::visit_type_path_mut(self.dyn_mut(), ty);
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        self.qualify(&mut expr.qself, &mut expr.path);
        visit_mut::visit_expr_path_mut(self.dyn_mut(), expr);
    }

    // Nested items have their own `Self`.
    fn visit_item_mut(&mut self, _: &mut Item) {}
}

/// The last segment of `name` or `<prefix>::name`, for a prefix in `prefixes`.
fn local_name<'p>(path: &'p syn::Path, prefixes: &[&str]) -> Option<&'p Ident> {
    let segments: Vec<&Ident> = path.segments.iter().map(|s| &s.ident).collect();
    match segments.as_slice() {
        [name] => Some(*name),
        [prefix, name] if prefixes.iter().any(|p| *prefix == p) => Some(*name),
        _ => None,
    }
}

/// A `mod { … }`: dispatchers where the functions were, and one hidden module per target
/// holding every function's clone for that target. Inside `__perfattr_avx2`, a call to a
/// sibling function resolves to that module's own clone: no rewriting, and it inlines.
pub fn module(args: &Args, module: ItemMod, errors: &mut Errors) -> syn::Result<TokenStream> {
    let Some((_, items)) = module.content else {
        return Err(syn::Error::new_spanned(
            &module.ident,
            "`#[multiversion]` on a module needs the module's items inline: `mod name { … }`",
        ));
    };
    let mut functions = Vec::new();
    let mut others = Vec::new();
    for item in items {
        if let Item::Fn(f) = &item {
            refuse_async(&f.sig, errors);
        }
        match item {
            Item::Fn(f) if eligible(&f.sig, &f.attrs) => {
                functions.push(Function::from_parts(f.attrs, f.vis, f.sig, *f.block));
            }
            other => others.push(other),
        }
    }
    let members = Members::new(functions, None, args, errors);
    let dispatchers: Vec<Dispatcher> = members
        .functions
        .iter()
        .map(|function| Dispatcher {
            function,
            targets: &args.targets,
            krate: &args.krate,
            profile: args.profile.as_ref(),
            placement: Placement::Module,
            group: members.group(),
            used_internally: members.internal.contains(&function.sig.ident),
            dispatch: args.dispatch,
        })
        .collect();
    let items = dispatchers.iter().map(Dispatcher::item);
    let levels = args.targets.iter().map(Some).chain([None]).map(|target| {
        let name = names::module(target);
        let cfg = target.map(|target| {
            let cfg = target.arch.cfg();
            quote!(#[cfg(#cfg)])
        });
        let clones = dispatchers
            .iter()
            .map(|dispatcher| dispatcher.clone(target));
        quote! {
            #cfg
            #[doc(hidden)]
            mod #name {
                #[allow(unused_imports)]
                use super::*;
                #(#clones)*
            }
        }
    });
    let attrs = outer(module.attrs);
    let (vis, unsafety, ident) = (&module.vis, &module.unsafety, &module.ident);
    Ok(quote! {
        #(#attrs)*
        #vis #unsafety mod #ident {
            #(#others)*
            #(#items)*
            #(#levels)*
        }
    })
}

/// An `impl` block: dispatchers where the methods were, clones as hidden sibling methods
/// (`__perfattr_<len><name>_<target>[_<trait hash>]`, see `names`). In a clone, `self.m(..)`
/// and `Self::m(..)` for a method of the block call its same-target clone. A trait impl cannot
/// hold extra methods, so its clones go into an inherent `impl` of the same type beside it.
pub fn impl_block(args: &Args, block: ItemImpl, errors: &mut Errors) -> TokenStream {
    let mut items = Vec::new();
    let mut functions = Vec::new();
    // A trait impl's associated consts and types: in the inherent impl that holds the clones,
    // `Self::NAME` must say which trait it comes from.
    let associated: Set<Ident> = block
        .items
        .iter()
        .filter_map(|item| match item {
            ImplItem::Const(item) => Some(item.ident.clone()),
            ImplItem::Type(item) => Some(item.ident.clone()),
            _ => None,
        })
        .collect();
    for item in block.items {
        if let ImplItem::Fn(f) = &item {
            refuse_async(&f.sig, errors);
        }
        match item {
            ImplItem::Fn(f) if eligible(&f.sig, &f.attrs) => {
                let mut function = Function::from_parts(f.attrs, f.vis, f.sig, f.block);
                if let Some((trait_path, _)) = &block.trait_ {
                    QualifySelf {
                        trait_path,
                        associated: &associated,
                    }
                    .visit_function(&mut function);
                }
                functions.push(function);
            }
            other => items.push(quote!(#other)),
        }
    }
    // The trait as written, generic arguments and module path included, hashed: two impls of
    // one trait with other arguments, or of two traits of one name, get other clone names.
    let namespace = block.trait_.as_ref().map(|(path, _)| {
        let written = quote!(#path).to_string();
        quote::format_ident!("t{:016x}", crate::common::hash::fnv1a(written.as_bytes()))
    });
    let members = Members::new(functions, namespace, args, errors);
    let mut clones = Vec::new();
    for function in &members.functions {
        let dispatcher = Dispatcher {
            function,
            targets: &args.targets,
            krate: &args.krate,
            profile: args.profile.as_ref(),
            placement: Placement::Sibling,
            group: members.group(),
            used_internally: block.trait_.is_none()
                && members.internal.contains(&function.sig.ident),
            dispatch: args.dispatch,
        };
        items.push(dispatcher.item());
        clones.push(dispatcher.clones());
    }
    let attrs = outer(block.attrs);
    let (impl_generics, _, where_clause) = block.generics.split_for_impl();
    let (defaultness, unsafety, self_ty) = (
        &block.modifiers.defaultness,
        &block.unsafety,
        &block.self_ty,
    );
    let bang = &block.modifiers.polarity;
    let Some((trait_path, for_token)) = &block.trait_ else {
        return quote! {
            #(#attrs)*
            #defaultness #unsafety impl #impl_generics #self_ty #where_clause {
                #(#items)*
                #(#clones)*
            }
        };
    };
    // A trait method only the block's own methods call is used in the user's code; the
    // calls now reach clones, so reference it (at no cost) to keep `dead_code` quiet. A
    // generic impl cannot be named here; its private traits may see that warning. Rust 1.85's
    // `dead_code` counts a `const _` as a use only with its own `allow`.
    let uses = block.generics.params.is_empty().then(|| {
        let internal = members.internal.iter();
        quote!(#(#[allow(dead_code)] const _: () = { let _ = <#self_ty as #trait_path>::#internal; };)*)
    });
    quote! {
        #(#attrs)*
        #defaultness #unsafety impl #impl_generics #bang #trait_path #for_token #self_ty #where_clause {
            #(#items)*
        }
        impl #impl_generics #self_ty #where_clause {
            #(#clones)*
        }
        #uses
    }
}
