//! The loops a benchmark runs, emitted into the user's crate: criterion's timing loop (inputs
//! made outside the timing, threads, batches) and one sample of a comparison or allocation
//! probe.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Path};

use super::ir::{self, Param, Receiver};
use super::options::Options;

/// One sample of a comparison or allocation probe: `iters` calls, timed (with their
/// allocations, when counted) in a `Span`; copy-like inputs through `black_box`, others cloned
/// beforehand and the results dropped afterwards, both outside the span.
pub(super) fn sample_loop(
    params: &[Param],
    call: &TokenStream,
    bench: &TokenStream,
    options: &Options,
    receiver: Receiver,
) -> TokenStream {
    let idents: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    if ir::fresh_mut(options, params, receiver) {
        let Fresh {
            setup,
            pattern,
            prep,
        } = Fresh::of(params, options, bench, receiver);
        return quote! {
            let mut inputs: ::std::vec::Vec<_> = (0..iters).map(|_| #setup).collect();
            let mut outputs = ::std::vec::Vec::with_capacity(iters as usize);
            let span = #bench::Span::start();
            for #pattern in inputs.iter_mut() {
                #prep
                outputs.push(#call);
            }
            let elapsed = span.end();
            ::core::mem::drop(outputs);
            ::core::mem::drop(inputs);
            ::core::option::Option::Some(elapsed)
        };
    }
    if params.iter().any(|p| !p.is_copy_like()) {
        quote! {
            let inputs: ::std::vec::Vec<_> = (0..iters).map(|_| (#(::core::clone::Clone::clone(&#idents)),*)).collect();
            let mut outputs = ::std::vec::Vec::with_capacity(iters as usize);
            let span = #bench::Span::start();
            for (#(#idents),*) in inputs {
                outputs.push(#call);
            }
            let elapsed = span.end();
            ::core::mem::drop(outputs);
            ::core::option::Option::Some(elapsed)
        }
    } else {
        quote! {
            let span = #bench::Span::start();
            for _ in 0..iters {
                #(let #idents = ::core::hint::black_box(#idents);)*
                let _ = ::core::hint::black_box(#call);
            }
            ::core::option::Option::Some(span.end())
        }
    }
}

/// The measured loop, compiled in the user's crate. Copy-like inputs go through
/// `black_box` each iteration; other by-value inputs are cloned outside the timing.
///
/// `sample_size = n` times `n` calls per iteration (criterion's iteration time is then their
/// mean): batches of `n` inputs for by-value ones. `threads = [..]` (`threads`: the count)
/// runs the loop on that many threads at once and times it from the first thread's start to
/// the last one's end.
pub(super) fn timing_loop(
    params: &[Param],
    call: &TokenStream,
    options: &Options,
    threads: Option<u64>,
    krate: &Path,
    returns_borrow: bool,
    receiver: Receiver,
) -> TokenStream {
    let idents: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    let per_iteration = options.sample_size.as_ref().map(|size| size.value);
    let batch = per_iteration.map_or_else(
        || quote!(#krate::__private::bench::BatchSize::SmallInput),
        |n| quote!(#krate::__private::bench::BatchSize::NumIterations(#n)),
    );
    if ir::fresh_mut(options, params, receiver) {
        let Fresh {
            setup,
            pattern,
            prep,
        } = Fresh::of(params, options, &quote!(#krate::__private::bench), receiver);
        // A result that borrows the batch cannot leave criterion's routine: it is consumed
        // inside (dropping a borrow costs nothing).
        let routine = if returns_borrow {
            quote!({ #prep let _ = ::core::hint::black_box(#call); })
        } else {
            quote!({ #prep #call })
        };
        return quote! {
            bencher.iter_batched_ref(|| #setup, |#pattern| #routine, #batch);
        };
    }
    if params.iter().any(|p| !p.is_copy_like()) {
        return quote! {
            bencher.iter_batched(
                || (#(::core::clone::Clone::clone(&#idents)),*),
                |(#(#idents),*)| #call,
                #batch,
            );
        };
    }
    let (calls, mean) = match per_iteration {
        Some(n) => {
            let n32 = u32::try_from(n).unwrap_or(u32::MAX);
            (quote!(iters * #n), quote!(/ #n32))
        }
        None => (quote!(iters), quote!()),
    };
    let calls = quote! {
        for _ in 0..#calls {
            #(let #idents = ::core::hint::black_box(#idents);)*
            let _ = ::core::hint::black_box(#call);
        }
    };
    if let Some(threads) = threads {
        let threads = usize::try_from(threads).unwrap_or(usize::MAX);
        quote! {
            bencher.iter_custom(|iters| {
                #krate::__private::bench::on_threads(#threads, &|| { #calls }) #mean
            });
        }
    } else {
        quote! {
            bencher.iter_custom(|iters| {
                let start = ::std::time::Instant::now();
                #calls
                start.elapsed() #mean
            });
        }
    }
}

/// The inputs of one call of a function with `&mut` parameters fed by `input`, or a method whose
/// receiver it mutates or moves, made outside the timing: `setup` makes the receiver afresh,
/// clones each `&mut` parameter's owned value and each other by-value input (moved values in an
/// `Option`, to be moved out of the batch criterion lends by `&mut`), `pattern` binds them,
/// and `prep` makes the arguments (`&mut` borrows, the moved values, `black_box`ed copies).
struct Fresh {
    setup: TokenStream,
    pattern: TokenStream,
    prep: TokenStream,
}

impl Fresh {
    fn of(params: &[Param], options: &Options, bench: &TokenStream, receiver: Receiver) -> Self {
        let span = options
            .input
            .as_ref()
            .map_or_else(proc_macro2::Span::call_site, Spanned::span);
        let (mut setup, mut pattern, mut prep) = (Vec::new(), Vec::new(), Vec::new());
        // A mutated receiver is lent by `&mut` from the batch; a moved one taken out of it.
        let receiver_ident = quote!(__perfattr_receiver);
        match (receiver, &options.setup) {
            (Receiver::Mut, Some(make)) => {
                setup.push(quote_spanned!(make.span()=> #make));
                pattern.push(receiver_ident);
            }
            (Receiver::Owned, Some(make)) => {
                setup.push(quote_spanned!(make.span()=> ::core::option::Option::Some(#make)));
                pattern.push(receiver_ident.clone());
                prep.push(take_out(&receiver_ident));
            }
            _ => {}
        }
        for param in params {
            let ident = &param.ident;
            if let Some(referent) = param.mut_referent() {
                setup.push(quote!(::core::clone::Clone::clone(&#ident)));
                pattern.push(quote!(#ident));
                prep.push(quote_spanned!(span=> let #ident: &mut #referent = #bench::lend_mut::<#referent, _>(#ident);));
            } else if param.is_copy_like() {
                prep.push(quote!(let #ident = ::core::hint::black_box(#ident);));
            } else {
                setup.push(
                    quote!(::core::option::Option::Some(::core::clone::Clone::clone(&#ident))),
                );
                pattern.push(quote!(#ident));
                prep.push(take_out(&quote!(#ident)));
            }
        }
        Fresh {
            setup: quote!((#(#setup,)*)),
            pattern: quote!((#(#pattern,)*)),
            prep: quote!(#(#prep)*),
        }
    }
}

/// `let x = <x taken out of its Option>;`: a by-value input (or receiver) moved out of the
/// batch criterion lends by `&mut`, once per call.
fn take_out(ident: &TokenStream) -> TokenStream {
    quote! {
        let #ident = match ::core::option::Option::take(#ident) {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => ::core::unreachable!(),
        };
    }
}
