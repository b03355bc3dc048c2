//! Emission of a benchmark: its registration (a linker-section entry and the function that
//! defines the criterion group) and the timing loop, compiled in the user's crate.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Path};

use super::ir::{self, Param, Receiver, Unit};
use super::loops::{sample_loop, timing_loop};
use super::options::{Options, Throughput};
use crate::common::attrs::unraw;
use crate::common::function::Function;
use crate::common::handoff::Clones;

/// What criterion should count per iteration: explicit, or inferred from the type of the first
/// slice, `str`, `Vec` or array parameter (bytes for `u8` and `str`, elements otherwise).
fn throughput(options: &Options, params: &[Param], krate: &Path) -> TokenStream {
    let kind = |bytes: bool, count: TokenStream| {
        let variant = if bytes {
            quote!(Bytes)
        } else {
            quote!(Elements)
        };
        quote!(group.throughput(#krate::__private::bench::Throughput::#variant((#count) as u64));)
    };
    let inferred = params.iter().find_map(|param| {
        param
            .sequence()
            .map(|unit| (unit == Unit::Bytes, &param.ident))
    });
    match (&options.throughput, inferred) {
        (Some(Throughput::None), _)
        | (None | Some(Throughput::Bytes(None) | Throughput::Elements(None)), None) => quote!(),
        (Some(Throughput::Bytes(Some(count))), _) => kind(true, quote!(#count)),
        (Some(Throughput::Elements(Some(count))), _) => kind(false, quote!(#count)),
        (Some(Throughput::Bytes(None)), Some((_, ident))) => {
            inferred_len(&kind(true, quote!(__perfattr_len)), ident)
        }
        (Some(Throughput::Elements(None)), Some((_, ident))) => {
            inferred_len(&kind(false, quote!(__perfattr_len)), ident)
        }
        (None, Some((bytes, ident))) => inferred_len(&kind(bytes, quote!(__perfattr_len)), ident),
    }
}

/// An inferred throughput: the parameter's length, when it has one (an empty buffer an `&mut`
/// parameter fills has no throughput to report).
fn inferred_len(set: &TokenStream, ident: &Ident) -> TokenStream {
    quote! {
        let __perfattr_len = #ident.len();
        if __perfattr_len > 0 {
            #set
        }
    }
}

pub fn registration(
    function: &Function,
    options: &Options,
    params: &[Param],
    krate: &Path,
) -> TokenStream {
    let clones = &options.clone_names();
    let ident = &function.sig.ident;
    let name = options
        .name
        .as_ref()
        .map_or_else(|| unraw(ident), LitStr::value);
    let group = options.group.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |group| quote!(::core::option::Option::Some(#group)),
    );
    let call = call(function, options, params);
    let uses = Receiver::of(&function.sig);
    let receiver = receiver(uses, options);
    let returns_borrow = ir::borrows(&function.sig.output);
    let measure =
        |id: TokenStream, threads: Option<u64>, wrap: &dyn Fn(TokenStream) -> TokenStream| {
            let routine = timing_loop(params, &call, options, threads, krate, returns_borrow, uses);
            wrap(quote!(group.bench_function(#id, |bencher| { #routine });))
        };
    let throughput = throughput(options, params, krate);
    let per_case = ir::cases(options, params, &function.sig.generics, krate).into_iter().map(|case| {
        let bind = case.bind;
        let id_for = |variant: &str| match (&case.label, variant) {
            (Some(label), "") => quote!(#krate::__private::bench::BenchmarkId::from_parameter(#label)),
            (Some(label), variant) => quote!(#krate::__private::bench::BenchmarkId::new(#variant, #label)),
            (None, "") => quote!(#name),
            (None, variant) => quote!(#variant),
        };
        // Within the function's group: `<clone>/<input>`, `<input>` or the function's name,
        // after a `name` the user chose, or, in a `group` several functions may share, after
        // the function's name.
        let custom = options
            .name
            .as_ref()
            .map(LitStr::value)
            .or_else(|| options.group.is_some().then(|| name.clone()));
        let id = |variant: &str| {
            let variant = match (&custom, variant) {
                (Some(name), "") => name.clone(),
                (Some(name), variant) => format!("{name}/{variant}"),
                (None, variant) => variant.to_owned(),
            };
            id_for(&variant)
        };
        let plain_name = if clones.is_empty() { "" } else { "dispatched" };
        // With `threads`, the call as users make it runs once per thread count.
        let plain: Vec<TokenStream> = variants(plain_name, options)
            .into_iter()
            .map(|(variant, threads)| measure(id(&variant), threads, &|body| body))
            .collect();
        let fallback = (!clones.is_empty()).then_some("fallback");
        let clones = clones.iter().map(String::as_str).chain(fallback).map(|target| {
            measure(id(target), None, &|body| quote!(let _ = #krate::__private::bench::on_target(#target, || { #body });))
        });
        quote! {
            {
                #bind
                #throughput
                #(#clones)*
                #(#plain)*
            }
        }
    });
    let compare = options.clones.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |_| quote!(::core::option::Option::Some(__perfattr_compare)),
    );
    let compare_fn = options
        .clones
        .as_ref()
        .map(|clones| comparison(function, options, params, clones, &call, krate));
    let probe_fn = probe(function, options, params, &call, krate);
    let sampling = sampling(options);
    quote! {
        #krate::__private::if_bench! {
            const _: () = {
                #[#krate::__private::linkme::distributed_slice(#krate::__private::bench::BENCHES)]
                #[linkme(crate = #krate::__private::linkme)]
                static __PERFATTR_BENCH: #krate::__private::bench::Registration = #krate::__private::bench::Registration {
                    path: #krate::__private::path!(),
                    location: ::core::concat!(::core::file!(), ":", ::core::line!()),
                    group: #group,
                    name: #name,
                    run: __perfattr_bench,
                    compare: #compare,
                    probe: __perfattr_probe,
                };
                #[allow(clippy::unit_arg, clippy::semicolon_if_nothing_returned, clippy::let_unit_value, clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
                fn __perfattr_bench(group: &mut #krate::__private::bench::BenchmarkGroup<'_, #krate::__private::bench::WallTime>) {
                    #sampling
                    #receiver
                    #(#per_case)*
                }
                #compare_fn
                #probe_fn
            };
        }
    }
}

/// A `&self` method's receiver, built once by `setup`: `let __perfattr_receiver = setup;`. (One
/// that the method mutates or moves is made afresh for every call: see `loops::Fresh`.)
fn receiver(uses: Receiver, options: &Options) -> Option<TokenStream> {
    if uses != Receiver::Shared {
        return None;
    }
    options.setup.as_ref().map(|setup| {
        let span = setup.span();
        quote_spanned!(span=> let __perfattr_receiver = #setup;)
    })
}

/// The call a benchmark times: the function, or the method on `__perfattr_receiver`, with the
/// parameters' bindings.
fn call(function: &Function, options: &Options, params: &[Param]) -> TokenStream {
    let ident = &function.sig.ident;
    let turbofish = crate::common::function::turbofish(&function.sig.generics);
    let args = params.iter().map(|p| &p.ident);
    // SAFETY (of the emitted `unsafe`): benchmarking an `unsafe fn` calls it with the inputs
    // the user's options give; upholding its contract with them is the user's part, as in any
    // call they write.
    let unsafety = matches!(function.sig.safety, syn::Safety::Unsafe(_)).then(|| quote!(unsafe));
    if options.setup.is_some() {
        quote!(#unsafety { __perfattr_receiver.#ident #turbofish (#(#args),*) })
    } else {
        quote!(#unsafety { #ident #turbofish (#(#args),*) })
    }
}

/// The benchmarks of the call as users make it (`plain`: `dispatched` for a multiversioned
/// function, else nothing): one, or with `threads` one per thread count (`threads=2`).
fn variants(plain: &str, options: &Options) -> Vec<(String, Option<u64>)> {
    let Some((_, counts)) = &options.threads else {
        return vec![(plain.to_owned(), None)];
    };
    counts
        .iter()
        .map(|count| {
            let variant = format!("threads={}", count.value);
            let variant = if plain.is_empty() {
                variant
            } else {
                format!("{plain}/{variant}")
            };
            (variant, Some(count.value))
        })
        .collect()
}

/// `sample_count` and `min_time`/`max_time` as criterion's group settings: its sample count,
/// and its measurement time (`min_time` if given, else `max_time`; criterion measures for about
/// that long).
fn sampling(options: &Options) -> TokenStream {
    let count = options.sample_count.as_ref().map(|count| {
        let count = usize::try_from(count.value).unwrap_or(usize::MAX);
        quote!(group.sample_size(#count);)
    });
    let time = options
        .min_time
        .as_ref()
        .or(options.max_time.as_ref())
        .map(|seconds| {
            let seconds = seconds.value;
            quote!(group.measurement_time(::std::time::Duration::from_secs_f64(#seconds));)
        });
    quote!(#count #time)
}

/// The function that measures a multiversioned function's clones side by side, each case's
/// in one `Compare::case`: every clone forced through the dispatcher, the dispatched call, and,
/// where the clones are nested in the dispatcher (`common::handoff`), each called directly.
fn comparison(
    function: &Function,
    options: &Options,
    params: &[Param],
    clones: &Clones,
    call: &TokenStream,
    krate: &Path,
) -> TokenStream {
    let bench = quote!(#krate::__private::bench);
    let names: Vec<String> = clones.names().collect();
    let (receiver, sample) = samplers(Receiver::of(&function.sig), options, params, &bench);
    let forced = clones.targets().map(|clone| clone.name.value()).chain(["fallback".to_owned()]).map(|target| {
        let body = sample(call);
        quote!(__perfattr_contenders.push(#bench::Contender::clone(#target, {
            let mut __perfattr_sample: #bench::Sampler<'_> = #body;
            ::std::boxed::Box::new(move |iters| #bench::on_target(#target, || __perfattr_sample(iters)).flatten())
        }));)
    }).collect::<Vec<_>>();
    let dispatched = sample(call);
    let args: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    // SAFETY (of the emitted `unsafe`): a clone is called directly only when this CPU has its
    // target's features (`supports` is checked first), what its `#[target_feature]` requires;
    // an `unsafe fn`'s own contract is the user's part, as in `registration`.
    let direct = clones.0.iter().filter_map(|clone| {
        let ident = clone.direct.as_ref()?;
        let cfg = &clone.cfg;
        let target = clone.name.value();
        let body = sample(&quote!(unsafe { #ident(#(#args),*) }));
        Some(quote! {
            #(#cfg)*
            __perfattr_contenders.push(#bench::Contender::direct(#target, {
                let mut __perfattr_sample: #bench::Sampler<'_> = #body;
                ::std::boxed::Box::new(move |iters| if #bench::supports(#target) { __perfattr_sample(iters) } else { ::core::option::Option::None })
            }));
        })
    });
    let direct: Vec<TokenStream> = if function.sig.receiver().is_some() {
        Vec::new()
    } else {
        direct.collect()
    };
    let per_case = ir::cases(options, params, &function.sig.generics, krate).into_iter().map(|case| {
        let label = case.label.map_or_else(
            || quote!(::core::option::Option::None),
            |label| quote!(::core::option::Option::Some(#label)),
        );
        let bind = case.bind;
        quote! {
            {
                #bind
                let mut __perfattr_contenders: ::std::vec::Vec<#bench::Contender<'_>> = ::std::vec::Vec::new();
                #(#forced)*
                __perfattr_contenders.push(#bench::Contender::dispatched(#dispatched));
                #(#direct)*
                compare.case(&[#(#names),*], #label, __perfattr_contenders);
            }
        }
    });
    quote! {
        #[allow(clippy::unit_arg, clippy::semicolon_if_nothing_returned, clippy::let_unit_value, clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_compare(compare: &mut #bench::Compare<'_>) {
            #receiver
            #(#per_case)*
        }
    }
}

/// The receiver a `&self` method's samplers share (one `RefCell`: only one sampler runs at a
/// time; a mutated or moved receiver is made for each call), and a sampler of `call`: a boxed
/// closure that times `iters` calls.
fn samplers<'a>(
    uses: Receiver,
    options: &'a Options,
    params: &'a [Param],
    bench: &'a TokenStream,
) -> (TokenStream, impl Fn(&TokenStream) -> TokenStream + 'a) {
    let (receiver, borrow) = match &options.setup {
        Some(setup) if uses == Receiver::Shared => (
            quote_spanned!(setup.span()=> let __perfattr_cell = ::core::cell::RefCell::new(#setup);),
            quote!(let __perfattr_receiver = __perfattr_cell.borrow();),
        ),
        _ => (quote!(), quote!()),
    };
    let sample = move |call: &TokenStream| {
        let body = sample_loop(params, call, bench, options, uses);
        quote!(::std::boxed::Box::new(|iters: u64| { #borrow #body }))
    };
    (receiver, sample)
}

/// The function that counts each case's allocations per call, when the bench target installs
/// the runtime's counting allocator (the runtime skips it otherwise).
fn probe(
    function: &Function,
    options: &Options,
    params: &[Param],
    call: &TokenStream,
    krate: &Path,
) -> TokenStream {
    let bench = quote!(#krate::__private::bench);
    let (receiver, sample) = samplers(Receiver::of(&function.sig), options, params, &bench);
    let per_case = ir::cases(options, params, &function.sig.generics, krate)
        .into_iter()
        .map(|case| {
            let label = case.label.map_or_else(
                || quote!(::core::option::Option::None),
                |label| quote!(::core::option::Option::Some(#label)),
            );
            let bind = case.bind;
            let sampler = sample(call);
            quote!({ #bind probe.case(#label, #sampler); })
        });
    quote! {
        #[allow(clippy::unit_arg, clippy::semicolon_if_nothing_returned, clippy::let_unit_value, clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_probe(probe: &mut #bench::Probe<'_>) {
            #receiver
            #(#per_case)*
        }
    }
}

/// Two functions of one module with the same `group` and name would be one benchmark id: a
/// hidden constant named after both makes that a compile error (rustc's "defined multiple
/// times", at both names). Functions in different modules or crates are checked at bench
/// start-up, before anything is measured. Only a free function with a `group` needs it: the
/// default group is the function's path, unique already, and a method's registration is found
/// by its type's path.
pub fn unique_id(function: &Function, options: &Options, krate: &Path) -> Option<TokenStream> {
    let group = options.group.as_ref()?;
    if function.sig.receiver().is_some() {
        return None;
    }
    let (name, span) = options.name.as_ref().map_or_else(
        || (unraw(&function.sig.ident), function.sig.ident.span()),
        |name| (name.value(), name.span()),
    );
    let encode = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_string()
                } else {
                    format!("_{:x}_", u32::from(c))
                }
            })
            .collect()
    };
    let ident = Ident::new(
        &format!(
            "bench_this_group_{}_named_{}",
            encode(&group.value()),
            encode(&name)
        ),
        span,
    );
    // The item spans the name, where rustc points for both functions.
    let item = quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const #ident: () = ();
    };
    Some(quote!(#krate::__private::if_bench! { #item }))
}
