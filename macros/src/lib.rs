//! Procedural macros of [perfattr](https://docs.rs/perfattr): the entry points only.
//!
//! This crate is an implementation detail: depend on `perfattr`, which re-exports every
//! attribute with its documentation. Each attribute has a folder that reads the same way,
//! arguments → validation → typed IR → emission (`hint/`, `multiversion/`, `bench/`); `body/`
//! rewrites what perfattr marks inside a function body, `common/` holds what they all use, and
//! [`fallback`] emits the user's item beside the error. `ARCHITECTURE.md` is the map.

#[cfg(feature = "bench")]
mod bench;
mod body;
mod common;
mod fallback;
mod hint;
mod multiversion;

use proc_macro::TokenStream;

/// See `perfattr::hot`.
#[proc_macro_attribute]
pub fn hot(args: TokenStream, item: TokenStream) -> TokenStream {
    fallback::run(hint::hot, args.into(), item.into()).into()
}

/// See `perfattr::cold_path`.
#[proc_macro_attribute]
pub fn cold_path(args: TokenStream, item: TokenStream) -> TokenStream {
    fallback::run(hint::cold_path, args.into(), item.into()).into()
}

/// See `perfattr::multiversion`.
#[proc_macro_attribute]
pub fn multiversion(args: TokenStream, item: TokenStream) -> TokenStream {
    fallback::run(multiversion::expand, args.into(), item.into()).into()
}

/// See `perfattr::target_cfg`. Inside a multiversioned function `#[multiversion]` rewrites it
/// per clone before it expands; this is the attribute anywhere else.
#[proc_macro_attribute]
pub fn target_cfg(args: TokenStream, item: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_attribute(&args.into(), &item.into()).into()
}

/// See `perfattr::selected`. Inside a multiversioned function `#[multiversion]` rewrites it per
/// clone; anywhere else it is an error.
#[proc_macro]
pub fn selected(args: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_selected(&args.into()).into()
}

/// See `perfattr::target_cfg_attr`. Inside a multiversioned function `#[multiversion]` rewrites
/// it per clone; anywhere else it is `#[cfg_attr]`.
#[proc_macro_attribute]
pub fn target_cfg_attr(args: TokenStream, item: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_cfg_attr(&args.into(), &item.into()).into()
}

/// See `perfattr::inherit_target`. Inside a multiversioned function `#[multiversion]` rewrites
/// it per clone; anywhere else it is an error.
#[proc_macro_attribute]
pub fn inherit_target(_: TokenStream, item: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_inherit(&item.into()).into()
}

/// See `perfattr::match_target`. Inside a multiversioned function `#[multiversion]` rewrites it
/// per clone; anywhere else it is an error.
#[proc_macro]
pub fn match_target(args: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_macro("match_target", &args.into()).into()
}

/// See `perfattr::simd_width`. Inside a multiversioned function `#[multiversion]` rewrites it
/// per clone; anywhere else it is an error.
#[proc_macro]
pub fn simd_width(args: TokenStream) -> TokenStream {
    multiversion::target_cfg::standalone_macro("simd_width", &args.into()).into()
}

/// See `perfattr::bench_this`.
#[proc_macro_attribute]
pub fn bench_this(args: TokenStream, item: TokenStream) -> TokenStream {
    #[cfg(feature = "bench")]
    let expand: fallback::Expand = bench::expand;
    #[cfg(not(feature = "bench"))]
    let expand: fallback::Expand = unbenched;
    fallback::run(expand, args.into(), item.into()).into()
}

/// `#[bench_this]` in a build without perfattr's `bench` feature, which has no benchmarks to
/// generate: the function as written. The options are read only where the benchmark is
/// generated (`cargo bench`, `cargo test`, `cargo clippy --all-targets`: every build with the
/// dev-dependency's `bench` feature), which keeps the generator out of a user's normal build:
/// a quarter of this crate's compile time (see `scripts/compile-cost.sh`).
#[cfg(not(feature = "bench"))]
fn unbenched(
    _args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    let mut function = common::function::Function::parse(item, common::attrs::BENCH_THIS)?;
    // Benchmarked private functions are used by the bench build only.
    function.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    Ok(quote::ToTokens::into_token_stream(function))
}

/// A table the runtime generates from the macros' own, so the two cannot disagree. Used by
/// `perfattr::cpu` only: `features` (the feature table), `compile_time` (the feature bits
/// enabled at compile time), `std_detect` (the aarch64 bits std detects) and `disable_groups`
/// (the names `PERFATTR_DISABLE` accepts beside feature names).
#[doc(hidden)]
#[proc_macro]
pub fn __table(name: TokenStream) -> TokenStream {
    multiversion::features::table(&name.into()).into()
}

/// Fills the runtime's `pub enum Kind {}` with the counter site kinds the macros emit, so the
/// two cannot drift. Used by `perfattr::report`.
#[doc(hidden)]
#[proc_macro]
pub fn __counter_kinds(item: TokenStream) -> TokenStream {
    body::sites::runtime_kinds(item.into()).into()
}
