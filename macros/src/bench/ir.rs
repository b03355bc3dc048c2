//! The typed description of a benchmark: the function's parameters, what their types say about
//! how to pass them and what to count, and the cases that bind them.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, GenericArgument, Ident, PathArguments, Type};

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
        matches!(ungrouped(&self.ty), Type::Reference(r) if r.mutability.is_some())
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

/// One benchmark case: the label and the statements binding the parameters.
pub struct Case {
    pub label: Option<String>,
    pub bind: TokenStream,
}

pub fn cases(options: &Options, params: &[Param]) -> Vec<Case> {
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
            .map(|arg| Case {
                label: Some(label(arg)),
                bind: bind_all(quote!(#arg), arg.span()),
            })
            .collect();
    }
    let Some(input) = &options.input else {
        return vec![Case {
            label: None,
            bind: quote!(),
        }];
    };
    // Generated once per case, outside timing; reference parameters borrow it. One identifier,
    // one span (the user's input, where a type mismatch is reported) for its declaration and
    // its uses: with the user's span on some and ours on others, a function produced by
    // `macro_rules!` would see two different variables.
    let value = Ident::new("__perfattr_input", input.span());
    // A reference parameter borrows the input (`&Vec<u8>` as `&[u8]`, `&String` as `&str`); with
    // several parameters the input is a tuple, spread across them, each reference parameter
    // borrowing its element.
    let borrow = |span: Span| -> TokenStream {
        let shared = |param: &Param| matches!(ungrouped(&param.ty), Type::Reference(r) if r.mutability.is_none());
        match params {
            [param] if shared(param) => {
                let (ident, ty) = (&param.ident, &param.ty);
                quote_spanned!(span=> let #ident: #ty = &#value;)
            }
            [_, _, ..] if params.iter().any(shared) => {
                let parts: Vec<Ident> = (0..params.len())
                    .map(|i| Ident::new(&format!("__perfattr_input{i}"), span))
                    .collect();
                let binds = params.iter().zip(&parts).map(|(param, part)| {
                    let (ident, ty) = (&param.ident, &param.ty);
                    if shared(param) {
                        quote_spanned!(span=> let #ident: #ty = &#part;)
                    } else {
                        quote_spanned!(span=> let #ident: #ty = #part;)
                    }
                });
                quote_spanned!(span=> let (#(#parts),*) = #value; #(#binds)*)
            }
            _ => bind_all(quote!(#value), span),
        }
    };
    if let Some((_, sizes)) = &options.sizes {
        sizes
            .iter()
            .map(|size| {
                let span = input.span();
                let bind = borrow(span);
                Case {
                    label: Some(label(size)),
                    bind: quote_spanned!(span=> let #value = (#input)(#size); #bind),
                }
            })
            .collect()
    } else {
        let span = input.span();
        let bind = borrow(span);
        vec![Case {
            label: None,
            bind: quote_spanned!(span=> let #value = (#input)(); #bind),
        }]
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
