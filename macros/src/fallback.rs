//! What is emitted when an attribute's input is wrong: the user's item, unchanged but for its
//! branch markers, beside the `compile_error!`, so the rest of the crate and the IDE keep
//! working and the user sees only perfattr's error.

use proc_macro2::TokenStream;
use quote::quote;

use crate::function::Function;
use crate::markers;

pub fn emit(item: &TokenStream, error: &syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    if let Ok(mut function) = Function::parse_any(item.clone()) {
        markers::strip(&mut function);
        quote!(#function #error)
    } else {
        quote!(#item #error)
    }
}
