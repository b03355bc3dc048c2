//! `#[multiversion(targets…)]`: arguments → validation → typed IR → clones and dispatcher, on a
//! function, an inline `mod` or an `impl` block.
//!
//! `args` parses the targets against the feature table in `features`; `valid` rejects what cannot
//! be cloned; `ir` holds the typed targets and placement; `clone` (with `names` and `rewrite`)
//! emits the clones, `dispatch` the function that picks one, and `group` does both for every
//! function of a `mod` or `impl`; `target_cfg` writes each clone's `#[target_cfg]`,
//! `target_cfg!` and `selected!`.

mod args;
mod clone;
mod dispatch;
pub mod features;
mod group;
mod ir;
mod modes;
mod names;
pub mod profile;
mod rewrite;
mod table;
pub mod target_cfg;
mod valid;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use syn::Item;

use crate::common::attrs::MULTIVERSION;
use crate::common::errors::Errors;
use crate::common::function::Function;
use dispatch::Dispatcher;
use ir::{Group, Placement};

pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let args = args::parse(args, &mut errors);
    valid::check_order(&args.targets, &mut errors);
    let group = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Mod(module)) => Some(group::module(&args, module, &mut errors)),
        Ok(Item::Impl(block)) => Some(Ok(group::impl_block(&args, block, &mut errors))),
        Ok(Item::Fn(_) | Item::Verbatim(_)) | Err(_) => None,
        Ok(other) => {
            errors.push(syn::Error::new_spanned(
                item_head(&other),
                "`#[multiversion]` can only be applied to functions, methods, inline modules \
                 and impl blocks",
            ));
            return errors.finish().map(|()| TokenStream::new());
        }
    };
    if let Some(expanded) = group {
        let expanded = errors.ok(expanded);
        errors.finish()?;
        return Ok(expanded.unwrap_or_default());
    }
    let Some(mut function) = errors.ok(Function::parse(item, MULTIVERSION)) else {
        return errors.finish().map(|()| TokenStream::new());
    };
    valid::prepare(&mut function, &args.krate, &mut errors);
    errors.finish()?;
    names::for_bench(&args, Some(&function)).pass_to_bench(&mut function);

    let placement = Placement::of(&function);
    let members = [function.sig.ident.clone()];
    let arities = [function.sig.inputs.len()];
    let per_clone = if target_cfg::differs(&function) {
        &members[..]
    } else {
        &[]
    };
    let dispatcher = Dispatcher {
        function: &function,
        targets: &args.targets,
        krate: &args.krate,
        profile: args.profile.as_ref(),
        placement,
        group: Group {
            members: &members,
            called: &[],
            arities: &arities,
            namespace: None,
            per_clone,
        },
        used_internally: false,
        dispatch: args.dispatch,
    };
    let item = dispatcher.item();
    let siblings = (placement == Placement::Sibling).then(|| dispatcher.clones());
    Ok(quote!(#item #siblings))
}

/// The first tokens of an item, where an error about the whole item points.
fn item_head(item: &Item) -> TokenStream {
    quote!(#item)
        .into_iter()
        .take_while(
            |tree| !matches!(tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace),
        )
        .collect()
}
