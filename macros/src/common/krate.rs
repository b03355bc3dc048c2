//! The runtime's path in generated code: `::perfattr`, or what the `crate = path` option names.

use super::copy::copy;
use proc_macro2::{Ident, Span};
use syn::parse::ParseStream;
use syn::{Expr, Lit, LitStr, Path};

/// `::perfattr`, the path when the user did not rename the dependency.
pub fn default() -> Path {
    syn::parse_quote!(::perfattr)
}

/// `<krate>::__private::<name>`, built from parts so that no user path can make it panic.
pub fn private(krate: &Path, name: &str, span: Span) -> Path {
    let mut path = copy(krate);
    path.segments.push(Ident::new("__private", span).into());
    path.segments.push(Ident::new(name, span).into());
    path
}

fn usage(attribute: &str) -> String {
    format!("`#[{attribute}]` option `crate` expects a path, e.g. `crate = ::perfattr`")
}

/// The value of `crate = …` parsed as an expression: a path, or a string holding one (as
/// serde spells it).
pub fn from_expr(attribute: &str, value: &Expr) -> syn::Result<Path> {
    match value {
        Expr::Path(value) if value.qself.is_none() && value.attrs.is_empty() => {
            Ok(copy(&value.path))
        }
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(text) => text.parse(),
            other => Err(syn::Error::new_spanned(other, usage(attribute))),
        },
        other => Err(syn::Error::new_spanned(other, usage(attribute))),
    }
}

/// The value of `crate = …` read from `input`, right after the `=`.
pub fn parse_value(attribute: &str, input: ParseStream) -> syn::Result<Path> {
    let value = input.span();
    let path = if input.peek(LitStr) {
        input.parse::<LitStr>()?.parse()
    } else {
        input.parse()
    };
    path.map_err(|_| syn::Error::new(value, usage(attribute)))
}

/// The error for `crate` written without a value, spanned on what was written.
pub fn missing_value(attribute: &str, tokens: &dyn quote::ToTokens) -> syn::Error {
    syn::Error::new_spanned(tokens, usage(attribute))
}
