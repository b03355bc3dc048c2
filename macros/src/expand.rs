//! Code generation: parse → validate → emit, per attribute.

use proc_macro2::TokenStream;
use quote::quote;

use crate::args::{self, Inline};
use crate::counters::{self, Context, FUNCTION_SITE, Kind, Site};
use crate::errors::Errors;
use crate::function::Function;
use crate::placement::{self, Hint};
use crate::{markers, valid};

pub fn hot(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    hint(Hint::Hot, args, item)
}

pub fn cold_path(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    hint(Hint::ColdPath, args, item)
}

fn hint(hint: Hint, args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = args::parse(hint, args, &mut errors);
    let Some(mut function) = errors.ok(Function::parse(item, hint.name())) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    valid::check(hint, &function, &args, &mut errors);
    let counting = counts(&function);
    let summary = markers::rewrite(&mut function, &args.krate, counting, &mut errors);
    errors.finish()?;
    if counting {
        let context = Context {
            krate: &args.krate,
            function: &function.sig.ident,
        };
        let site = context.site(&Site {
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
            span: function.sig.ident.span(),
        });
        if let Some(block) = function.block_mut() {
            counters::insert_at_start(block, site);
        }
    }

    let codegen = match (hint, args.inline.map(|(inline, _)| inline)) {
        (Hint::Hot, None) => quote!(#[inline]),
        // The user asked for it by name; clippy's pedantic `inline_always` would repeat the
        // question in their crate.
        (Hint::Hot, Some(Inline::Always)) => {
            quote!(#[inline(always)] #[allow(clippy::inline_always)])
        }
        (Hint::Hot, Some(Inline::Never)) => quote!(#[inline(never)]),
        (Hint::ColdPath, _) => quote!(#[cold] #[inline(never)]),
    };
    let section = placement::link_section(hint, &function);
    Ok(quote! {
        #codegen
        #section
        #function
    })
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
