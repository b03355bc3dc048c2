//! Procedural macros of [perfattr](https://docs.rs/perfattr).
//!
//! This crate is an implementation detail: depend on `perfattr`, which re-exports every
//! attribute with its documentation. Each entry point parses, validates and expands in
//! [`expand`]; on error, [`fallback`] emits the user's item beside the `compile_error!`.

mod args;
mod bench;
mod clone;
mod counters;
mod dispatch;
mod errors;
mod expand;
mod fallback;
mod function;
#[cfg(test)]
mod fuzz;
mod group;
mod markers;
mod multiversion;
mod placement;
#[cfg(test)]
mod snapshots;
mod targets;
mod valid;

use proc_macro::TokenStream;

/// See `perfattr::hot`.
#[proc_macro_attribute]
pub fn hot(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let expanded = expand::hot(args.into(), item.clone());
    expanded
        .unwrap_or_else(|err| fallback::emit(&item, &err))
        .into()
}

/// See `perfattr::cold_path`.
#[proc_macro_attribute]
pub fn cold_path(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let expanded = expand::cold_path(args.into(), item.clone());
    expanded
        .unwrap_or_else(|err| fallback::emit(&item, &err))
        .into()
}

/// See `perfattr::bench_this`.
#[proc_macro_attribute]
pub fn bench_this(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let expanded = bench::expand(args.into(), item.clone());
    expanded
        .unwrap_or_else(|err| fallback::emit(&item, &err))
        .into()
}

/// See `perfattr::multiversion`.
#[proc_macro_attribute]
pub fn multiversion(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let expanded = multiversion::expand(args.into(), item.clone());
    expanded
        .unwrap_or_else(|err| fallback::emit(&item, &err))
        .into()
}

/// The runtime's CPU feature table, generated from the one the macros validate targets
/// against, so the two can never disagree. Used by `perfattr::cpu` only.
#[doc(hidden)]
#[proc_macro]
pub fn __feature_table(_: TokenStream) -> TokenStream {
    targets::runtime_table().into()
}

/// The feature bits enabled at compile time, from the same table. Used by `perfattr::cpu`.
#[doc(hidden)]
#[proc_macro]
pub fn __compile_time_features(_: TokenStream) -> TokenStream {
    targets::compile_time_mask().into()
}

/// The aarch64 feature bits std detects, from the same table. Used by `perfattr::cpu`.
#[doc(hidden)]
#[proc_macro]
pub fn __std_detect_features(_: TokenStream) -> TokenStream {
    targets::std_detect_mask().into()
}
