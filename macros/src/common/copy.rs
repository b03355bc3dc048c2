//! Copies of syn nodes without syn's `clone-impls` feature.
//!
//! `Clone` for every syn type is code syn compiles in every user's build, on the critical
//! path before this crate: 8% of syn's compile (callgrind, instructions to compile syn 3.0.10
//! with this crate's features: 10.91 G with `clone-impls`, 10.03 G without). The macros copy
//! a handful of nodes per function (a signature, a body, a path), so they print the node and
//! parse it back, which costs microseconds per expansion.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::Parse;

/// A copy of `node`, printed and parsed back with `T`'s own parser.
pub fn copy<T: Parse + ToTokens>(node: &T) -> T {
    let tokens: TokenStream = node.to_token_stream();
    // syn prints every node as tokens its parser reads back into the same node (syn's own
    // round-trip tests run it over rustc's test suite), and the spans travel with the tokens.
    // A failure would be a syn bug; it is reported as one, naming the tokens.
    syn::parse2(tokens.clone()).unwrap_or_else(|error| {
        panic!("perfattr: syn did not read back its own printing of `{tokens}`: {error}")
    })
}
