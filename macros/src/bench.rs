//! `#[bench_this(...)]`: a criterion benchmark generated from the annotated function.
//!
//! The registration (a linker-section entry and the function that defines the benchmark
//! group) is emitted inside the function's body, through the runtime's `if_bench!`, so it
//! exists only when perfattr's `bench` feature is on. The timing loop is compiled here, in
//! the user's crate, and handed to criterion with `iter_custom`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, LitStr, Pat, Path, Token, Type};

use crate::errors::Errors;
use crate::function::{Body, Function, contains_impl_trait, names_attribute};

const NAME: &str = "bench_this";
const OPTIONS: &str = "`args = [..]`, `input = generator`, `sizes = [..]`, `setup = expr`, \
                       `name = \"..\"`, `group = \"..\"`, `throughput = bytes | elements | none`, \
                       `crate = path`";

#[derive(Default)]
struct Options {
    args: Option<(Span, Vec<Expr>)>,
    input: Option<Expr>,
    sizes: Option<(Span, Vec<Expr>)>,
    setup: Option<Expr>,
    name: Option<LitStr>,
    group: Option<LitStr>,
    throughput: Option<Throughput>,
    krate: Option<Path>,
    /// Set by `#[multiversion]` when it expanded first: its target names.
    targets: Option<LitStr>,
}

enum Throughput {
    None,
    /// `bytes` / `elements`, with an optional explicit count.
    Bytes(Option<Expr>),
    Elements(Option<Expr>),
}

/// One `key = value` option, parsed by its key.
fn parse_option(input: ParseStream, options: &mut Options, errors: &mut Errors) -> syn::Result<()> {
    let key: Ident = if input.peek(Token![crate]) {
        let token: Token![crate] = input.parse()?;
        Ident::new("crate", token.span)
    } else {
        input.parse()?
    };
    input.parse::<Token![=]>()?;
    let duplicate = |errors: &mut Errors, set: bool| {
        if set {
            errors.push(syn::Error::new(
                key.span(),
                format!("duplicate `#[{NAME}]` option `{key}`"),
            ));
        }
    };
    let list = |input: ParseStream| -> syn::Result<(Span, Vec<Expr>)> {
        let array: syn::ExprArray = input.parse()?;
        Ok((array.span(), array.elems.into_iter().collect()))
    };
    match key.to_string().as_str() {
        "args" => {
            duplicate(errors, options.args.is_some());
            options.args = Some(list(input)?);
        }
        "sizes" => {
            duplicate(errors, options.sizes.is_some());
            options.sizes = Some(list(input)?);
        }
        "input" => {
            duplicate(errors, options.input.is_some());
            options.input = Some(input.parse()?);
        }
        "setup" => {
            duplicate(errors, options.setup.is_some());
            options.setup = Some(input.parse()?);
        }
        "name" => {
            duplicate(errors, options.name.is_some());
            options.name = Some(input.parse()?);
        }
        "group" => {
            duplicate(errors, options.group.is_some());
            options.group = Some(input.parse()?);
        }
        "crate" => {
            duplicate(errors, options.krate.is_some());
            options.krate = Some(if input.peek(LitStr) {
                input.parse::<LitStr>()?.parse()?
            } else {
                input.parse()?
            });
        }
        "throughput" => {
            duplicate(errors, options.throughput.is_some());
            let kind: Ident = input.parse()?;
            let count = if input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in input);
                Some(content.parse::<Expr>()?)
            } else {
                None
            };
            options.throughput = Some(match (kind.to_string().as_str(), count) {
                ("none", None) => Throughput::None,
                ("bytes", count) => Throughput::Bytes(count),
                ("elements", count) => Throughput::Elements(count),
                _ => {
                    return Err(syn::Error::new(
                        kind.span(),
                        format!(
                            "`#[{NAME}]` option `throughput` expects `bytes`, `elements`, `none`, `bytes(count)` or `elements(count)`"
                        ),
                    ));
                }
            });
        }
        "__targets" => options.targets = Some(input.parse()?),
        _ => {
            // Skip the value so later options are still checked.
            let _: Expr = input.parse()?;
            errors.push(syn::Error::new(
                key.span(),
                format!("unknown `#[{NAME}]` option `{key}`; expected one of: {OPTIONS}"),
            ));
        }
    }
    Ok(())
}

fn parse_options(args: &TokenStream, errors: &mut Errors) -> Options {
    let mut options = Options::default();
    let parser = |input: ParseStream| {
        while !input.is_empty() {
            parse_option(input, &mut options, errors)?;
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    let parsed = parser.parse2(args.clone());
    errors.ok(parsed);
    options
}

/// A parameter of the function (receiver excluded): its binding name and type.
struct Param {
    ident: Ident,
    ty: Type,
}

#[allow(
    clippy::needless_pass_by_value,
    reason = "the signature every attribute's expand shares"
)]
pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let options = parse_options(&args, &mut errors);
    let Some(mut function) = errors.ok(Function::parse(item, NAME)) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    if let Some(deferred) = defer_to_multiversion(&mut function, &options, &args) {
        return Ok(deferred);
    }
    let params = check(&function, &options, &mut errors);
    let targets = multiversion_targets(&options);
    errors.finish()?;

    let krate = options
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::perfattr));
    let registration = registration(&function, &options, &params, &targets, &krate);
    if let Body::Block(block) = &mut function.body {
        block
            .stmts
            .insert(0, syn::Stmt::Item(syn::Item::Verbatim(registration)));
    }
    // Benchmarked private functions are used by the bench build.
    function.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    Ok(function.into_token_stream())
}

/// A `#[multiversion]` still to expand on this function would copy a registration placed in
/// the body into every clone. Instead, this attribute re-emits itself right after it, to
/// expand on the dispatcher with the targets passed on (see `pass_targets_to_bench`).
fn defer_to_multiversion(
    function: &mut Function,
    options: &Options,
    args: &TokenStream,
) -> Option<TokenStream> {
    let position = function
        .attrs
        .iter()
        .position(|a| names_attribute(a, "multiversion"))?;
    let krate = options
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::perfattr));
    function.attrs.insert(
        position + 1,
        syn::parse_quote!(#[#krate::bench_this(#args)]),
    );
    Some(function.into_token_stream())
}

/// The targets of a `#[multiversion]` on the same function, passed on as `__targets` when it
/// expanded first (when it has not yet, [`defer_to_multiversion`] waits for it).
fn multiversion_targets(options: &Options) -> Vec<String> {
    options.targets.as_ref().map_or_else(Vec::new, |list| {
        list.value()
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    })
}

fn check(function: &Function, options: &Options, errors: &mut Errors) -> Vec<Param> {
    let sig = &function.sig;
    let error = |errors: &mut Errors, tokens: &dyn ToTokens, message: String| {
        errors.push(syn::Error::new_spanned(tokens, message));
    };
    if let Body::Semi(_) = function.body {
        error(errors, sig, format!("`#[{NAME}]` needs a function body"));
    }
    if let Some(asyncness) = &sig.asyncness {
        error(
            errors,
            asyncness,
            format!(
                "`#[{NAME}]` cannot benchmark an `async fn`: benchmark the synchronous work it awaits, or a function that runs it to completion"
            ),
        );
    }
    if !sig.generics.params.is_empty() {
        error(
            errors,
            &sig.generics,
            format!(
                "`#[{NAME}]` needs concrete types: benchmark a non-generic function that calls this one with the types you care about"
            ),
        );
    }
    let receiver = sig.receiver();
    match (receiver, &options.setup) {
        (Some(receiver), None) => error(
            errors,
            receiver,
            format!(
                "`#[{NAME}]` on a method needs `setup = expr` building the value it is called on, e.g. `setup = Parser::new()`"
            ),
        ),
        (None, Some(setup)) => error(
            errors,
            setup,
            format!(
                "`#[{NAME}]` option `setup` builds the receiver of a method; this function has no `self`"
            ),
        ),
        _ => {}
    }
    let mut params = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else { continue };
        if contains_impl_trait(&typed.ty) {
            error(
                errors,
                typed,
                format!("`#[{NAME}]` needs concrete parameter types, not `impl Trait`"),
            );
        }
        let ident = match &*typed.pat {
            Pat::Ident(pat) => pat.ident.clone(),
            _ => format_ident!("__perfattr_arg{}", index),
        };
        params.push(Param {
            ident,
            ty: (*typed.ty).clone(),
        });
    }
    match (&options.args, &options.input, &options.sizes) {
        (Some((span, _)), Some(input), _) => {
            let mut both = syn::Error::new(*span, format!("`#[{NAME}]` takes `args` or `input`, not both"));
            both.combine(syn::Error::new_spanned(input, "`input` given here"));
            errors.push(both);
        }
        (_, None, Some((span, _))) => errors.push(syn::Error::new(*span, format!("`#[{NAME}]` option `sizes` needs `input = generator`, which is called with each size"))),
        (None, None, None) if !params.is_empty() => errors.push(syn::Error::new_spanned(
            &sig.inputs,
            format!("`#[{NAME}]` needs inputs for these parameters: `args = [..]` (one benchmark per value) or `input = generator` (optionally with `sizes = [..]`)"),
        )),
        (Some((span, _)), None, _) if params.is_empty() => errors.push(syn::Error::new(*span, format!("`#[{NAME}]` option `args` is for a function with parameters; this one has none"))),
        _ => {}
    }
    if let Some((_, args)) = &options.args
        && params.len() > 1
    {
        for arg in args {
            let arity = match arg {
                Expr::Tuple(tuple) => tuple.elems.len(),
                _ => 1,
            };
            if arity != params.len() {
                errors.push(syn::Error::new_spanned(arg, format!("`#[{NAME}]`: this function takes {} parameters, so each argument is a tuple of {}", params.len(), params.len())));
            }
        }
    }
    params
}

/// One benchmark case: the label and the statements binding the parameters.
struct Case {
    label: Option<String>,
    bind: TokenStream,
}

fn cases(options: &Options, params: &[Param]) -> Vec<Case> {
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
    // Generated once per case, outside timing; reference parameters borrow it.
    let borrow = |span: Span| -> TokenStream {
        match params {
            [param] if matches!(param.ty, Type::Reference(_)) => {
                let (ident, ty) = (&param.ident, &param.ty);
                quote_spanned!(span=> let #ident: #ty = &__perfattr_input;)
            }
            _ => bind_all(quote!(__perfattr_input), span),
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
                    bind: quote_spanned!(span=> let __perfattr_input = (#input)(#size); #bind),
                }
            })
            .collect()
    } else {
        let span = input.span();
        let bind = borrow(span);
        vec![Case {
            label: None,
            bind: quote_spanned!(span=> let __perfattr_input = (#input)(); #bind),
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

/// Types passed by value that are cheap to copy: looped over with `black_box`. Other by-value
/// inputs are cloned per iteration outside the timing (`iter_batched`).
fn is_copy_like(ty: &Type) -> bool {
    let text = quote!(#ty).to_string();
    matches!(ty, Type::Reference(_))
        || [
            "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
            "f32", "f64", "bool", "char",
        ]
        .contains(&text.as_str())
}

/// What criterion should count per iteration: explicit, or inferred from the first slice,
/// `str`, `Vec` or array parameter (bytes for `u8` and `str`, elements otherwise).
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
        let ty = &param.ty;
        let text = quote!(#ty).to_string().replace(' ', "");
        let sequence = text.contains('[')
            || text.contains("str")
            || text.starts_with("Vec<")
            || text.starts_with("&Vec<");
        let bytes = text.contains("u8]")
            || text.contains("u8;")
            || text.contains("str")
            || text.contains("<u8>");
        sequence.then_some((bytes, &param.ident))
    });
    match (&options.throughput, inferred) {
        (Some(Throughput::None), _)
        | (None | Some(Throughput::Bytes(None) | Throughput::Elements(None)), None) => quote!(),
        (Some(Throughput::Bytes(Some(count))), _) => kind(true, quote!(#count)),
        (Some(Throughput::Elements(Some(count))), _) => kind(false, quote!(#count)),
        (Some(Throughput::Bytes(None)), Some((_, ident))) => kind(true, quote!(#ident.len())),
        (Some(Throughput::Elements(None)), Some((_, ident))) => kind(false, quote!(#ident.len())),
        (None, Some((bytes, ident))) => kind(bytes, quote!(#ident.len())),
    }
}

fn registration(
    function: &Function,
    options: &Options,
    params: &[Param],
    targets: &[String],
    krate: &Path,
) -> TokenStream {
    let ident = &function.sig.ident;
    let name = options.name.as_ref().map_or_else(
        || ident.to_string().trim_start_matches("r#").to_owned(),
        LitStr::value,
    );
    let group = options.group.as_ref().map_or_else(
        || quote!(::core::concat!(::core::module_path!(), "::", #name)),
        |group| quote!(#group),
    );
    let args = params.iter().map(|p| &p.ident);
    let unsafety = function.sig.unsafety.map(|_| quote!(unsafe));
    let call = if options.setup.is_some() {
        quote!(#unsafety { __perfattr_receiver.#ident(#(#args),*) })
    } else {
        quote!(#unsafety { #ident(#(#args),*) })
    };
    let receiver = options.setup.as_ref().map(|setup| {
        let span = setup.span();
        let mutability = function
            .sig
            .receiver()
            .and_then(|r| r.mutability)
            .map(|_| quote!(mut));
        quote_spanned!(span=> let #mutability __perfattr_receiver = #setup;)
    });
    let measure = |id: TokenStream, wrap: &dyn Fn(TokenStream) -> TokenStream| {
        let routine = timing_loop(params, &call, krate);
        wrap(quote!(group.bench_function(#id, |bencher| { #routine });))
    };
    let throughput = throughput(options, params, krate);
    let per_case = cases(options, params).into_iter().map(|case| {
        let bind = case.bind;
        let id_for = |variant: &str| match (&case.label, variant) {
            (Some(label), "") => quote!(#krate::__private::bench::BenchmarkId::from_parameter(#label)),
            (Some(label), variant) => quote!(#krate::__private::bench::BenchmarkId::new(#variant, #label)),
            (None, "") => quote!(#name),
            (None, variant) => quote!(#variant),
        };
        // Within the function's group: `<clone>/<input>`, `<input>` or the function's name,
        // after a `name` the user chose.
        let custom = options.name.as_ref().map(LitStr::value);
        let id = |variant: &str| {
            let variant = match (&custom, variant) {
                (Some(name), "") => name.clone(),
                (Some(name), variant) => format!("{name}/{variant}"),
                (None, variant) => variant.to_owned(),
            };
            id_for(&variant)
        };
        let plain = measure(id(if targets.is_empty() { "" } else { "dispatched" }), &|body| body);
        let clones = targets.iter().map(String::as_str).chain(if targets.is_empty() { None } else { Some("fallback") }).map(|target| {
            measure(id(target), &|body| quote!(let _ = #krate::__private::bench::on_target(#target, || { #body });))
        });
        quote! {
            {
                #bind
                #throughput
                #(#clones)*
                #plain
            }
        }
    });
    quote! {
        #krate::__private::if_bench! {
            const _: () = {
                #[#krate::__private::linkme::distributed_slice(#krate::__private::bench::BENCHES)]
                #[linkme(crate = #krate::__private::linkme)]
                static __PERFATTR_BENCH: #krate::__private::bench::Registration = #krate::__private::bench::Registration {
                    function: ::core::concat!(::core::module_path!(), "::", #name),
                    location: ::core::concat!(::core::file!(), ":", ::core::line!()),
                    run: __perfattr_bench,
                };
                #[allow(clippy::unit_arg, clippy::semicolon_if_nothing_returned, clippy::let_unit_value, clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
                fn __perfattr_bench(criterion: &mut #krate::__private::bench::Criterion) {
                    #receiver
                    let mut group = criterion.benchmark_group(#group);
                    #(#per_case)*
                    group.finish();
                }
            };
        }
    }
}

/// The measured loop, compiled in the user's crate. Copy-like inputs go through
/// `black_box` each iteration; other by-value inputs are cloned outside the timing.
fn timing_loop(params: &[Param], call: &TokenStream, krate: &Path) -> TokenStream {
    let idents: Vec<&Ident> = params.iter().map(|p| &p.ident).collect();
    if params.iter().any(|p| !is_copy_like(&p.ty)) {
        quote! {
            bencher.iter_batched(
                || (#(::core::clone::Clone::clone(&#idents)),*),
                |(#(#idents),*)| #call,
                #krate::__private::bench::BatchSize::SmallInput,
            );
        }
    } else {
        quote! {
            bencher.iter_custom(|iters| {
                let start = ::std::time::Instant::now();
                for _ in 0..iters {
                    #(let #idents = ::core::hint::black_box(#idents);)*
                    let _ = ::core::hint::black_box(#call);
                }
                start.elapsed()
            });
        }
    }
}

/// For `#[multiversion]`, which expands before a `#[bench_this]` below it: the target names to
/// pass on as `__targets`.
pub fn targets_option(targets: &[crate::targets::Target]) -> TokenStream {
    let list = targets
        .iter()
        .map(|t| t.name.clone())
        .collect::<Vec<_>>()
        .join(",");
    quote!(__targets = #list)
}
