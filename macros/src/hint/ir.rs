//! The typed description of a hinted function, ready to emit: its hint, its inlining, its body
//! with the branch markers rewritten, and its own counter site.

use syn::Stmt;

use super::args::{Args, Inline};
use crate::body::markers;
use crate::body::scope::Shape;
use crate::body::sites::{self, Context, FUNCTION_SITE, Kind, Site};
use crate::common::attrs::Hint;
use crate::common::errors::Errors;
use crate::common::function::Function;

pub struct Hinted {
    pub hint: Hint,
    /// `None`: the default `#[inline]` hint (`#[hot]`), or never inlined (`#[cold_path]`).
    pub inline: Option<Inline>,
    /// The user's function, its branch markers already rewritten.
    pub function: Function,
    /// The function's own counter site, to count its calls, and its scope when it is one;
    /// empty when it is not counted.
    pub site: Vec<Stmt>,
}

impl Hinted {
    pub fn new(hint: Hint, args: &Args, mut function: Function, errors: &mut Errors) -> Hinted {
        let counting = args.count && counts(&function);
        let shape = counting.then(|| Shape::of(&mut function));
        let summary = markers::rewrite(&mut function, &args.krate, shape, errors);
        let mut site = Vec::new();
        if let Some(shape) = shape {
            let context = Context {
                krate: &args.krate,
                function: &function.sig.ident,
                leaf: shape == Shape::Leaf,
            };
            site.push(context.site(&Site {
                kind: match hint {
                    Hint::Hot => Kind::Hot,
                    Hint::ColdPath => Kind::Cold,
                },
                name: Some(FUNCTION_SITE),
                parent: None,
                // Only a hot function is the reference of the cold functions it calls.
                calls: if hint == Hint::Hot {
                    &summary.calls
                } else {
                    &[]
                },
                has_loop: summary.has_loop,
                reaches: if hint == Hint::Hot {
                    &summary.reaches
                } else {
                    &[]
                },
                span: function.sig.ident.span(),
                target: None,
            }));
            if shape == Shape::Scope {
                site.push(sites::scope(&args.krate, function.sig.ident.span()));
            }
        }
        Hinted {
            hint,
            inline: args.inline.map(|(inline, _)| inline),
            function,
            site,
        }
    }
}

/// Whether the function gets counter sites: it has a body that can run code of ours. A
/// `const fn` cannot touch a thread-local, and a naked function's body is one `asm!`.
fn counts(function: &Function) -> bool {
    function.block().is_some()
        && function.sig.constness.is_none()
        && !function
            .attrs
            .iter()
            .any(|attr| attr.path().segments.iter().any(|s| s.ident == "naked"))
}
