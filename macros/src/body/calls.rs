//! The calls a counter site records, as the runtime resolves them to the function the code
//! calls (`perfattr::counters` judges a function against the counted code that calls it):
//!
//! - `Self::f`: `self.f()` or `Self::f()`, a method of the caller's own type;
//! - `T::f`: `T::f()` with `T` a type (capitalized, as Rust names types);
//! - `.f`: `x.f()`, a method of a type the macro cannot see;
//! - `::f`: `f()` or `module::f()`, a free function;
//! - `f`: a qualified path (`<T as Trait>::f`): any function of that name.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::{Expr, ExprPath};

/// The calls `expr` makes: the call itself, and the functions passed by name as its
/// arguments.
pub fn of_expr(expr: &Expr) -> Vec<String> {
    let (call, args) = match expr {
        Expr::Call(call) => (
            match &*call.func {
                Expr::Path(path) => of_path(path),
                _ => None,
            },
            &call.args,
        ),
        Expr::MethodCall(call) => {
            let on_self = matches!(&*call.receiver, Expr::Path(path) if path.path.is_ident("self"));
            let kind = if on_self { "Self::" } else { "." };
            (Some(format!("{kind}{}", call.method)), &call.args)
        }
        _ => return Vec::new(),
    };
    let passed = args.iter().filter_map(|arg| match arg {
        Expr::Path(path) => of_path(path),
        _ => None,
    });
    call.into_iter().chain(passed).collect()
}

/// A path called (or passed as a function): `Self::f`, `T::f` or `::f`; a qualified path
/// (`<T as Trait>::f`) as its bare name.
fn of_path(path: &ExprPath) -> Option<String> {
    let segments = &path.path.segments;
    let name = &segments.last()?.ident;
    if path.qself.is_some() {
        return Some(name.to_string());
    }
    let owner = segments
        .len()
        .checked_sub(2)
        .map(|at| segments[at].ident.to_string());
    Some(qualified(owner.as_deref(), name))
}

/// A call of `name` after `owner::`: `Self::name`, `T::name` for a type (capitalized), else
/// (a module, or no owner) `::name`.
fn qualified(owner: Option<&str>, name: &proc_macro2::Ident) -> String {
    match owner {
        Some("Self") => format!("Self::{name}"),
        Some(owner) if owner.starts_with(char::is_uppercase) => format!("{owner}::{name}"),
        _ => format!("::{name}"),
    }
}

/// The calls in a macro's tokens: each name followed by a parenthesized group, nested groups
/// included, written as [`of_expr`] writes them from what precedes it (`self.f(`, `x.f(`,
/// `T::f(`, `f(`).
pub fn in_tokens(tokens: TokenStream, names: &mut Vec<String>) {
    // The last four tokens: a name and the three before it, most recent last.
    let mut before: Vec<TokenTree> = Vec::new();
    for token in tokens {
        if let TokenTree::Group(group) = &token {
            if let (Some(TokenTree::Ident(name)), true) =
                (before.last(), group.delimiter() == Delimiter::Parenthesis)
            {
                names.push(written(&before[..before.len() - 1], name));
            }
            in_tokens(group.stream(), names);
        }
        before.push(token);
        if before.len() > 4 {
            before.remove(0);
        }
    }
}

/// How the call of `name` preceded by `before` is written (see the module).
fn written(before: &[TokenTree], name: &proc_macro2::Ident) -> String {
    let punct = |token: Option<&TokenTree>, ch: char| matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == ch);
    let ident = |token: Option<&TokenTree>| match token {
        Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
        _ => None,
    };
    let n = before.len();
    let at = |back: usize| n.checked_sub(back).and_then(|i| before.get(i));
    if punct(at(1), '.') {
        return match ident(at(2)) {
            Some(receiver) if receiver == "self" => format!("Self::{name}"),
            _ => format!(".{name}"),
        };
    }
    let owner = (punct(at(1), ':') && punct(at(2), ':'))
        .then(|| ident(at(3)))
        .flatten();
    qualified(owner.as_deref(), name)
}
