//! The typed description of a benchmark: the function's parameters, what their types say about
//! how to pass them and what to count, and the cases that bind them.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, GenericArgument, Generics, Ident, Path, PathArguments, Type};

use super::options::Options;

/// A parameter of the function (receiver excluded): its binding name and type.
pub struct Param {
    pub ident: Ident,
    pub ty: Type,
}

/// What one item of a sequence parameter is, for the throughput criterion reports.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unit {
    Bytes,
    Elements,
}

impl Param {
    /// Passed by reference, or a primitive number, `bool` or `char`: looped over with
    /// `black_box`. Other by-value inputs are cloned per iteration outside the timing
    /// (`iter_batched`).
    pub fn is_copy_like(&self) -> bool {
        let ty = ungrouped(&self.ty);
        matches!(ty, Type::Reference(_))
            || single_ident(ty).is_some_and(|name| {
                [
                    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128",
                    "isize", "f32", "f64", "bool", "char",
                ]
                .contains(&name.to_string().as_str())
            })
    }

    /// An `&mut T` parameter.
    pub fn is_mut_ref(&self) -> bool {
        self.mut_referent().is_some()
    }

    /// `T` of an `&mut T` parameter.
    pub fn mut_referent(&self) -> Option<&Type> {
        match ungrouped(&self.ty) {
            Type::Reference(r) if r.mutability.is_some() => Some(&r.elem),
            _ => None,
        }
    }

    /// A shared reference parameter, `&T`.
    fn is_shared_ref(&self) -> bool {
        matches!(ungrouped(&self.ty), Type::Reference(r) if r.mutability.is_none())
    }

    /// What the parameter is a sequence of, if it is one (`&[T]`, `[T; N]`, `Vec<T>`, `&str`,
    /// and references to them): bytes for `u8` items and `str`, elements otherwise.
    pub fn sequence(&self) -> Option<Unit> {
        sequence(&self.ty)
    }
}

fn sequence(ty: &Type) -> Option<Unit> {
    match ungrouped(ty) {
        Type::Reference(reference) => sequence(&reference.elem),
        Type::Slice(slice) => Some(unit(&slice.elem)),
        Type::Array(array) => Some(unit(&array.elem)),
        ty if single_ident(ty).is_some_and(|name| name == "str") => Some(Unit::Bytes),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match args.args.first() {
                Some(GenericArgument::Type(item))
                    if last.ident == "Vec" && args.args.len() == 1 =>
                {
                    Some(unit(item))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn unit(item: &Type) -> Unit {
    if single_ident(ungrouped(item)).is_some_and(|name| name == "u8") {
        Unit::Bytes
    } else {
        Unit::Elements
    }
}

/// The type inside the invisible groups and parentheses a `macro_rules!` `$t:ty` leaves.
fn ungrouped(mut ty: &Type) -> &Type {
    loop {
        ty = match ty {
            Type::Group(group) => &group.elem,
            Type::Paren(paren) => &paren.elem,
            other => return other,
        };
    }
}

/// The name of a type written as one plain identifier: `u8`, `str`.
fn single_ident(ty: &Type) -> Option<&Ident> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.get_ident(),
        _ => None,
    }
}

/// One benchmark case: its label (a generic function's type and const arguments, then the
/// input's `args` value or size: `u8/1024`), and the statements binding the generic
/// parameters' aliases and the function's parameters.
pub struct Case {
    pub label: Option<String>,
    pub bind: TokenStream,
}

/// Whether a return type may borrow (a reference or a lifetime anywhere in it): such a result
/// of an `&mut` parameter's batch is consumed where it is made.
pub fn borrows(output: &syn::ReturnType) -> bool {
    fn any(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Punct(punct) => matches!(punct.as_char(), '&' | '\''),
            proc_macro2::TokenTree::Group(group) => any(group.stream()),
            _ => false,
        })
    }
    any(quote!(#output))
}

/// How a method's benchmarks use the receiver `setup` builds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Receiver {
    /// No receiver, or `&self`: one `setup` value serves every call.
    Shared,
    /// `&mut self`: a fresh `setup` value per call, made in criterion's batch setup (a call
    /// that mutates it must not see the previous call's state).
    Mut,
    /// By value (`self`, `Box<Self>`, `Rc<Self>`, `Pin<…>`): a fresh `setup` value per call,
    /// moved into it.
    Owned,
}

impl Receiver {
    pub fn of(sig: &syn::Signature) -> Receiver {
        let Some(receiver) = sig.receiver() else {
            return Receiver::Shared;
        };
        // (syn's `mutability` is the binding's, `mut self`; a reference's is in its kind.)
        match &receiver.kind {
            syn::ReceiverKind::Reference(_, _, Some(_)) => Receiver::Mut,
            syn::ReceiverKind::Reference(_, _, None) => Receiver::Shared,
            syn::ReceiverKind::Typed(_, ty) => match &**ty {
                Type::Reference(reference) if reference.mutability.is_some() => Receiver::Mut,
                Type::Reference(_) => Receiver::Shared,
                _ => Receiver::Owned,
            },
            _ => Receiver::Owned,
        }
    }
}

/// Whether each call's inputs are made afresh in criterion's batch setup: `&mut` parameters
/// when `input` generates their values (with `args`, the `&mut` expression given is reused),
/// and a receiver that is mutated or moved.
pub fn fresh_mut(options: &Options, params: &[Param], receiver: Receiver) -> bool {
    (options.input.is_some() && params.iter().any(Param::is_mut_ref))
        || (options.setup.is_some() && receiver != Receiver::Shared)
}

/// The generic arguments of one case: its label and the items naming them as the function's
/// parameters (`type T = u8;`, `const N: usize = 16;`), so that the input may use them.
struct Instance {
    label: Option<String>,
    items: TokenStream,
}

/// One instance per combination of `types` and `consts` (validation leaves at most one type and
/// one const parameter), or one without generic arguments.
fn instances(options: &Options, generics: &Generics) -> Vec<Instance> {
    let types: Vec<Option<(String, TokenStream)>> =
        match (generics.type_params().next(), &options.types) {
            (Some(param), Some((_, types))) => types
                .iter()
                .map(|ty| {
                    let ident = &param.ident;
                    let label: String = quote!(#ty).to_string().split_whitespace().collect();
                    Some((label, quote_spanned!(ty.span()=> type #ident = #ty;)))
                })
                .collect(),
            _ => vec![None],
        };
    let consts: Vec<Option<(String, TokenStream)>> =
        match (generics.const_params().next(), &options.consts) {
            (Some(param), Some((_, values))) => values
                .iter()
                .map(|value| {
                    let (ident, ty) = (&param.ident, &param.ty);
                    Some((
                        label(value),
                        quote_spanned!(value.span()=> const #ident: #ty = #value;),
                    ))
                })
                .collect(),
            _ => vec![None],
        };
    types
        .iter()
        .flat_map(|ty| consts.iter().map(move |konst| (ty, konst)))
        .map(|(ty, konst)| {
            let labels: Vec<&str> = [ty, konst]
                .into_iter()
                .flatten()
                .map(|(label, _)| label.as_str())
                .collect();
            let items = [ty, konst].into_iter().flatten().map(|(_, items)| items);
            Instance {
                label: (!labels.is_empty()).then(|| labels.join("/")),
                items: quote!(#(#items)*),
            }
        })
        .collect()
}

/// Every case: each instance of the generic arguments with each input.
pub fn cases(options: &Options, params: &[Param], generics: &Generics, krate: &Path) -> Vec<Case> {
    let inputs = inputs(options, params, krate);
    instances(options, generics)
        .into_iter()
        .flat_map(|instance| {
            inputs.iter().map(move |(label, bind)| {
                let items = &instance.items;
                let label = match (&instance.label, label) {
                    (Some(instance), Some(label)) => Some(format!("{instance}/{label}")),
                    (instance, label) => instance.clone().or_else(|| label.clone()),
                };
                Case {
                    label,
                    bind: quote!(#items #bind),
                }
            })
        })
        .collect()
}

/// Each input's label and the statements binding the parameters to it.
fn inputs(options: &Options, params: &[Param], krate: &Path) -> Vec<(Option<String>, TokenStream)> {
    let bind_all = |value: TokenStream, span: Span| -> TokenStream {
        match params {
            [] => quote!(),
            [param] => {
                let (ident, ty) = (&param.ident, &param.ty);
                quote_spanned!(span=> let #ident: #ty = #value;)
            }
            _ => {
                let idents = params.iter().map(|p| &p.ident);
                let types = params.iter().map(|p| &p.ty);
                quote_spanned!(span=> let (#(#idents),*): (#(#types),*) = #value;)
            }
        }
    };
    if let Some((_, args)) = &options.args {
        return args
            .iter()
            .map(|arg| (Some(label(arg)), bind_all(quote!(#arg), arg.span())))
            .collect();
    }
    let Some(input) = &options.input else {
        return vec![(None, quote!())];
    };
    // Generated once per case, outside timing; reference parameters borrow it. One identifier,
    // one span (the user's input, where a type mismatch is reported) for its declaration and
    // its uses: with the user's span on some and ours on others, a function produced by
    // `macro_rules!` would see two different variables.
    let value = Ident::new("__perfattr_input", input.span());
    // A shared reference parameter borrows the input (`&Vec<u8>` as `&[u8]`, `&String` as
    // `&str`); an `&mut T` parameter keeps it, to borrow a fresh clone of it in every batch; with
    // several parameters the input is a tuple, spread across them, each reference parameter
    // borrowing its element.
    let borrow = |span: Span| -> TokenStream {
        let bind_one = |param: &Param, part: &Ident| {
            let (ident, ty) = (&param.ident, &param.ty);
            if let Some(referent) = param.mut_referent() {
                quote_spanned!(span=> let #ident = #krate::__private::bench::mut_input::<#referent, _>(#part);)
            } else if param.is_shared_ref() {
                quote_spanned!(span=> let #ident: #ty = &#part;)
            } else {
                quote_spanned!(span=> let #ident: #ty = #part;)
            }
        };
        match params {
            [param] => bind_one(param, &value),
            [_, _, ..] if params.iter().any(|p| p.is_shared_ref() || p.is_mut_ref()) => {
                let parts: Vec<Ident> = (0..params.len())
                    .map(|i| Ident::new(&format!("__perfattr_input{i}"), span))
                    .collect();
                let binds = params
                    .iter()
                    .zip(&parts)
                    .map(|(param, part)| bind_one(param, part));
                quote_spanned!(span=> let (#(#parts),*) = #value; #(#binds)*)
            }
            _ => bind_all(quote!(#value), span),
        }
    };
    let span = input.span();
    let bind = borrow(span);
    if let Some((_, sizes)) = &options.sizes {
        sizes
            .iter()
            .map(|size| {
                (
                    Some(label(size)),
                    quote_spanned!(span=> let #value = (#input)(#size); #bind),
                )
            })
            .collect()
    } else {
        vec![(None, quote_spanned!(span=> let #value = (#input)(); #bind))]
    }
}

/// How an input shows in the benchmark's id: as written, string literals without quotes.
fn label(expr: &Expr) -> String {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => text.value(),
        other => quote!(#other).to_string(),
    }
}
