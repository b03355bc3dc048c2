//! The functions a counted caller's recorded calls reach: each call, as the macros wrote it
//! (`Self::f`, `T::f`, `.f`, `::f` or `f`, see the macros' `body/calls.rs`), resolved among the
//! counted functions of the caller's crate to the one the code calls, or to several when the
//! macros could not tell (ambiguous: no verdict rests on it).

use std::string::String;
use std::vec::Vec;

use super::site::Site;
use crate::report::counts::Kind;

/// Per row, the rows its calls reach (`calls` or `reaches`), each resolved to one row, and the
/// calls that fit several rows.
pub struct Resolved {
    /// Per caller row, the rows its calls reach.
    pub callees: Vec<Vec<usize>>,
    /// `(caller, candidates)`: a call that may be any of the candidates.
    pub ambiguous: Vec<(usize, Vec<usize>)>,
}

impl Resolved {
    /// Whether the calls of row `from` reach row `to`.
    pub fn calls(&self, from: usize, to: usize) -> bool {
        self.callees[from].contains(&to)
    }
}

/// Resolves the calls `list` gives each row of `firsts` (a row's first site).
pub fn resolve(
    firsts: &[&Site],
    paths: &[String],
    list: impl Fn(&Site) -> &'static [&'static str],
) -> Resolved {
    let functions: Vec<usize> = (0..firsts.len())
        .filter(|&row| matches!(firsts[row].kind, Kind::Hot | Kind::Cold))
        .collect();
    let owners: Vec<Option<&str>> = paths.iter().map(|path| owner(path)).collect();
    let mut resolved = Resolved {
        callees: std::vec![Vec::new(); firsts.len()],
        ambiguous: Vec::new(),
    };
    for (caller, site) in firsts.iter().enumerate() {
        for call in list(site) {
            let (kind, name) = split(call);
            let named = |row: &&usize| {
                let callee = firsts[**row];
                callee.name == name && crate_of(callee.module_path) == crate_of(site.module_path)
            };
            let mut candidates: Vec<usize> = functions.iter().filter(named).copied().collect();
            narrow(&mut candidates, kind, caller, firsts, &owners);
            candidates.retain(|&row| row != caller);
            match candidates.as_slice() {
                [] => {}
                [callee] => resolved.callees[caller].push(*callee),
                _ => resolved.ambiguous.push((caller, candidates)),
            }
        }
    }
    resolved
}

/// How a call was written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written<'a> {
    /// `self.f()`, `Self::f()`.
    OwnType,
    /// `T::f()`.
    Type(&'a str),
    /// `x.f()`.
    Method,
    /// `f()`, `module::f()`.
    Free,
    /// A name in a macro's tokens.
    Any,
}

fn split(call: &str) -> (Written<'_>, &str) {
    if let Some(name) = call.strip_prefix("Self::") {
        (Written::OwnType, name)
    } else if let Some(name) = call.strip_prefix("::") {
        (Written::Free, name)
    } else if let Some(name) = call.strip_prefix('.') {
        (Written::Method, name)
    } else if let Some((owner, name)) = call.rsplit_once("::") {
        (Written::Type(owner), name)
    } else {
        (Written::Any, call)
    }
}

/// Keeps the candidates the call can be: the caller's own type's method before any other; a
/// free function of the caller's module before one of another.
fn narrow(
    candidates: &mut Vec<usize>,
    written: Written,
    caller: usize,
    firsts: &[&Site],
    owners: &[Option<&str>],
) {
    let own = owners[caller];
    match written {
        Written::OwnType => {
            let methods: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&row| own.is_some() && owners[row] == own)
                .collect();
            if methods.is_empty() {
                // A trait's method the type does not define itself: any method of the name.
                candidates.retain(|&row| owners[row].is_some());
            } else {
                *candidates = methods;
            }
        }
        Written::Type(name) => candidates.retain(|&row| owners[row] == Some(name)),
        Written::Method => candidates.retain(|&row| owners[row].is_some()),
        Written::Free => {
            candidates.retain(|&row| owners[row].is_none());
            let module = firsts[caller].module_path;
            if candidates
                .iter()
                .any(|&row| firsts[row].module_path == module)
            {
                candidates.retain(|&row| firsts[row].module_path == module);
            }
        }
        Written::Any => {}
    }
}

/// The type a function's path puts it in (`Request` for `app::Request::parse`,
/// `<app::Guard as Drop>::drop` and `app::Cache<_>::get`), or `None` for a free function.
/// Types are capitalized, modules are not: Rust's naming convention, which the compiler warns
/// about.
pub fn owner(path: &str) -> Option<&str> {
    let (head, _) = crate::path::split_last(path)?;
    let head = head.strip_prefix('<').map_or(head, |inner| {
        inner
            .strip_suffix('>')
            .and_then(|inner| inner.split_once(" as ").map(|(ty, _)| ty))
            .unwrap_or(inner)
    });
    let (_, last) = crate::path::split_last(head).unwrap_or(("", head));
    let last = last.split('<').next().unwrap_or(last);
    last.starts_with(char::is_uppercase).then_some(last)
}

/// The crate of a `module_path!()`.
pub fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or(module_path)
}
