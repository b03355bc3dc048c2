//! How a dispatcher reaches its clone, beyond `dispatch.rs`'s cached index: `compile_time`'s
//! fixed clone; `patched` calls (a `nop` or `jmp` per target at each call site, patched before
//! `main` by the runtime's `patch` feature; the pointer or the clone index until then); the
//! self-patching pointer of non-generic functions; an `impl Trait` return's `Either`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::clone;
use super::dispatch::{ByArch, Dispatcher};
use super::ir::Target;
use super::names;

impl Dispatcher<'_> {
    /// `compile_time`: the index of the first target whose features are all enabled at
    /// compile time, else the fallback's (`targets.len()`), as a constant expression.
    pub fn fixed_index(&self, targets: &[&Target]) -> TokenStream {
        let krate = self.krate;
        let count = targets.len();
        let mut index = quote!(#count);
        for (at, target) in targets.iter().enumerate().rev() {
            let features = target.minimal();
            let mut enabled = quote!(::core::cfg!(all(#(target_feature = #features),*)));
            if let Some(release) = target.release() {
                let switch = release.switch();
                enabled = quote!(#krate::__private::#switch!({ #enabled } else { false }));
            }
            index = quote!(if #enabled { #at } else { #index });
        }
        index
    }

    /// `patched`: per architecture, the call sites' static keys (one per target, and one
    /// saying "not patched yet"), and a call that is the best clone's at compile time when its
    /// features are enabled, else the runtime's `patched!`: a `nop` per target that becomes a
    /// `jmp` to the selected clone's direct call. Until patched, the run-time path: the
    /// cached pointer where the clones can be named in a static, else the cached index.
    pub fn patched_dispatch(&self, by_arch: &ByArch<'_>, archs: &[TokenStream]) -> TokenStream {
        let krate = self.krate;
        let pointer = self.uses_pointer();
        let items = pointer.then(|| self.pointer_items(by_arch));
        let fallback = self.arm(None);
        let per_arch = by_arch.iter().map(|(arch, targets)| {
            let cfg = arch.cfg();
            let keys: Vec<_> = (0..targets.len())
                .map(|at| format_ident!("__PERFATTR_KEY_{}", at))
                .collect();
            let arms: Vec<TokenStream> = targets
                .iter()
                .map(|target| self.arm(Some(target)))
                .collect();
            let run_time = if pointer {
                // SAFETY (of the emitted `unsafe`): as in `pointer_dispatch`.
                let (slot, forward) = (self.slot_clone(), clone::forwarded_inputs(self.function).1);
                quote!(unsafe { (#slot)(#(#forward),*) })
            } else {
                let indices = 0..targets.len();
                quote!(match __PERFATTR_ENTRY.index() {
                    #(#indices => #arms,)*
                    _ => #fallback,
                })
            };
            let best = &arms[0];
            quote! {
                #[cfg(#cfg)]
                #krate::__private::patch_keys!(__PERFATTR_PATCH; __PERFATTR_PENDING; #(#keys),*);
                #[cfg(#cfg)]
                return if __PERFATTR_BEST && #krate::__private::compile_time_dispatch!() {
                    #best
                } else {
                    #krate::__private::patched!(
                        { #(#keys => #arms),* } __PERFATTR_PENDING => #run_time,
                        fallback => #fallback
                    )
                };
            }
        });
        quote! {
            #items
            #(#per_arch)*
            #[cfg(not(any(#(#archs),*)))]
            return #fallback;
        }
    }

    /// Non-generic: a self-patching function pointer per architecture.
    pub fn pointer_dispatch(&self, by_arch: &ByArch<'_>, archs: &[TokenStream]) -> TokenStream {
        let krate = self.krate;
        let pointer = self.pointer_type();
        let (_, forward) = clone::forwarded_inputs(self.function);
        let fallback = names::path(self.function, self.placement, None, self.group.namespace);
        let items = self.pointer_items(by_arch);
        let slot = self.slot_clone();
        let per_arch = by_arch.iter().map(|(arch, targets)| {
            let cfg = arch.cfg();
            let best = &self.clone_paths(targets)[0];
            // SAFETY (of the emitted `unsafe`): see `pointer_items`; `__PERFATTR_BEST` is true
            // only when the best target's features are enabled at compile time, so every CPU
            // running the program has them.
            quote! {
                #[cfg(#cfg)]
                let __perfattr_clone: #pointer = if __PERFATTR_BEST
                    && #krate::__private::compile_time_dispatch!()
                {
                    #best
                } else {
                    unsafe { #slot }
                };
            }
        });
        quote! {
            #items
            #(#per_arch)*
            #[cfg(not(any(#(#archs),*)))]
            let __perfattr_clone: #pointer = #fallback;
            unsafe { __perfattr_clone(#(#forward),*) }
        }
    }

    /// The clone the slot holds, as its pointer type: an `unsafe` expression (see
    /// `pointer_items`).
    fn slot_clone(&self) -> TokenStream {
        let pointer = self.pointer_type();
        quote!(::core::mem::transmute::<*mut (), #pointer>(__PERFATTR_SLOT.get()))
    }

    /// The slot and resolver of each architecture: the pointer calls go through.
    pub fn pointer_items(&self, by_arch: &ByArch<'_>) -> TokenStream {
        let krate = self.krate;
        let pointer = self.pointer_type();
        let output = &self.function.sig.output;
        let (inputs, forward) = clone::forwarded_inputs(self.function);
        let per_arch = by_arch.iter().map(|(arch, targets)| {
            let cfg = arch.cfg();
            let names = self.clone_paths(targets);
            let count = names.len();
            // SAFETY (of the emitted `unsafe`): `select()` picks a target whose features are all
            // in the active set, which never holds a feature this CPU lacks, or the fallback,
            // which needs none (a profile's choice is among those too). The slot holds this
            // function's resolver or one of the clones above, all of type `#pointer`, so a
            // transmute of what it holds gives back a pointer of the type that was stored.
            quote! {
                #[cfg(#cfg)]
                static __PERFATTR_SLOT: #krate::__private::Slot =
                    #krate::__private::Slot::new(__perfattr_resolve as *mut ());
                #[cfg(#cfg)]
                fn __perfattr_resolve(#inputs) #output {
                    let epoch = #krate::__private::epoch();
                    let clones: [#pointer; #count] = [#(#names),*];
                    let clone = clones[__PERFATTR_ENTRY.select()];
                    unsafe { __PERFATTR_SLOT.set(clone as *mut (), epoch) }
                    unsafe { clone(#(#forward),*) }
                }
            }
        });
        quote!(#(#per_arch)*)
    }

    /// `-> impl Trait`: each clone returns its own type, so on each architecture the
    /// dispatcher returns the chosen clone's value in the runtime's nested `Either`, which
    /// implements the supported traits by delegation.
    pub fn opaque_dispatch(
        &self,
        by_arch: &ByArch<'_>,
        archs: &[TokenStream],
        indices: &[TokenStream],
        fallback: &TokenStream,
    ) -> TokenStream {
        let either = {
            let krate = self.krate;
            quote!(#krate::__private::Either)
        };
        // Position `index` of `count` clones: `B(B(…A(value)))`, the last one all `B`s.
        let wrap = |index: usize, count: usize, value: TokenStream| {
            let mut wrapped = if index + 1 == count {
                value
            } else {
                quote!(#either::A(#value))
            };
            for _ in 0..index {
                wrapped = quote!(#either::B(#wrapped));
            }
            wrapped
        };
        let returns = by_arch.iter().map(|(arch, targets)| {
            let cfg = arch.cfg();
            let count = targets.len() + 1;
            let arms = targets.iter().enumerate().map(|(index, target)| {
                let value = wrap(index, count, self.arm(Some(target)));
                quote!(#index => #value,)
            });
            let fallback = wrap(count - 1, count, fallback.clone());
            quote! {
                #[cfg(#cfg)]
                return match __perfattr_index {
                    #(#arms)*
                    _ => #fallback,
                };
            }
        });
        quote! {
            #(#indices)*
            #(#returns)*
            #[cfg(not(any(#(#archs),*)))]
            return #fallback;
        }
    }
}
