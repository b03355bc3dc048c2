//! Runs an attribute's expansion and, when the input is wrong, emits the user's item (branch
//! markers stripped) beside the `compile_error!`, so the rest of the crate and the IDE keep
//! working and the user sees only perfattr's error.

use proc_macro2::TokenStream;
use quote::quote;

use crate::body::markers;
use crate::common::function::Function;
use crate::multiversion::target_cfg;

/// One attribute's expansion: `args` and `item` to the emitted code.
pub type Expand = fn(TokenStream, TokenStream) -> syn::Result<TokenStream>;

/// The expansion of `item`, or the item beside the error.
pub fn run(expand: Expand, args: TokenStream, item: TokenStream) -> TokenStream {
    let original = item.clone();
    expand(args, item).unwrap_or_else(|error| emit(&original, &error))
}

/// The user's item and the `compile_error!` for `error`.
pub fn emit(item: &TokenStream, error: &syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    // `#[target_cfg]`, `target_cfg!` and `selected!` as outside any clone (see
    // `multiversion::target_cfg`), malformed ones dropped.
    if let Ok(mut function) = Function::parse_any(item.clone()) {
        markers::strip(&mut function);
        let function = target_cfg::strip(quote!(#function));
        quote!(#function #error)
    } else {
        let item = target_cfg::strip(item.clone());
        quote!(#item #error)
    }
}
