//! The typed description of a hinted function, ready to emit: its hint, its inlining, its body
//! with the branch markers rewritten, and its own counter site.

use syn::Stmt;

use super::args::{Args, Inline};
use crate::body::markers;
use crate::body::sites::{Context, FUNCTION_SITE, Kind, Site};
use crate::common::attrs::Hint;
use crate::common::errors::Errors;
use crate::common::function::Function;

pub struct Hinted {
    pub hint: Hint,
    /// `None`: the default `#[inline]` hint (`#[hot]`), or never inlined (`#[cold_path]`).
    pub inline: Option<Inline>,
    /// The user's function, its branch markers already rewritten.
    pub function: Function,
    /// The function's own counter site, to count its calls; `None` when it is not counted.
    pub site: Option<Stmt>,
}

impl Hinted {
    pub fn new(hint: Hint, args: &Args, mut function: Function, errors: &mut Errors) -> Hinted {
        let counting = args.count && counts(&function);
        let summary = markers::rewrite(&mut function, &args.krate, counting, errors);
        let site = counting.then(|| {
            let context = Context {
                krate: &args.krate,
                function: &function.sig.ident,
            };
            context.site(&Site {
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
            })
        });
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
