//! The dispatcher of a multiversioned function: picks a clone, at compile time when the best
//! target's features are enabled, else at run time.
//!
//! - Non-generic functions whose clones nest: a static function pointer that starts at a
//!   resolver, which selects a clone and patches the pointer. Every later call is one load
//!   and one indirect call.
//! - Generic functions and methods (their clones cannot be named in a static): read the clone
//!   index their entry cached at the first call (one byte) and branch to a direct call.
//!
//! Either way the first call asks the entry (`Entry::select`): the best target the CPU
//! supports, or the clone the embedded dispatch profile (`profile.rs`) measured faster on this
//! CPU model.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Path;

use super::clone;
use super::features::Arch;
use super::ir::{Dispatch, Group, Mode, Opaque, Placement, Target, opaque_return};
use super::names;
use super::profile::{self, Embedded};
use crate::common::attrs::Hint;
use crate::common::copy::copy;
use crate::common::function::{Function, contains_impl_trait, turbofish};

/// The targets per architecture, sorted by architecture (a sorted `Vec`, not a `BTreeMap`:
/// see `common::set`).
pub type ByArch<'t> = Vec<(Arch, Vec<&'t Target>)>;

pub struct Dispatcher<'a> {
    pub function: &'a Function,
    pub targets: &'a [Target],
    pub krate: &'a Path,
    /// The dispatch profile to embed the function's measurements from.
    pub profile: Option<&'a Embedded>,
    pub placement: Placement,
    /// The functions multiversioned together with this one.
    pub group: Group<'a>,
    /// Called by another function of its group: used in the user's code even if nothing
    /// else calls the dispatcher, since those calls now go to clones.
    pub used_internally: bool,
    /// `dispatch = …`.
    pub dispatch: Dispatch,
}

impl Dispatcher<'_> {
    /// The function as the user calls it: their attributes and signature (patterns replaced by
    /// names), dispatching to the clones.
    pub fn item(&self) -> TokenStream {
        let function = self.function;
        let body = self.body();
        let mut sig = copy(&function.sig);
        // A trampoline's body keeps the user's patterns: it is in the dispatcher.
        let trampoline = self.placement == Placement::Trampoline;
        if !trampoline {
            sig.inputs = clone::forwarded_inputs(function).0;
        }
        let attrs = function.attrs.iter().filter(|attr| {
            let on_clones = (!trampoline && clone::is_codegen_attr(attr))
                || (matches!(self.placement, Placement::Sibling | Placement::Module)
                    && clone::is_lint_attr(attr));
            !on_clones
        });
        // A hint attribute still to expand sets the dispatcher's inlining itself, as does the
        // user's `#[inline(..)]` on a trampoline's dispatcher.
        let inline = (!function.attrs.iter().any(|attr| {
            Hint::of(attr).is_some() || (trampoline && attr.path().is_ident("inline"))
        }))
        .then(|| quote!(#[inline]));
        let used = self.used_internally.then(|| quote!(#[allow(dead_code)]));
        // A mode this function cannot have: perfattr's error at `dispatch = …`, and the
        // function dispatched automatically, so nothing else fails.
        let refused = self
            .refusal()
            .map(|why| syn::Error::new(self.dispatch.span, why).to_compile_error());
        let vis = &function.vis;
        // A dispatcher cannot be `const` (it chooses at run time; `const` is rejected):
        // nursery's `missing_const_for_fn` must not advise it. It forwards every parameter,
        // `_unused` ones too: pedantic's `used_underscore_binding` must not flag that.
        quote! {
            #refused
            #inline
            #[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
            #used
            #(#attrs)*
            #vis #sig {
                #body
            }
        }
    }

    /// The dispatcher's body (the nested clones included).
    fn body(&self) -> TokenStream {
        let nested = matches!(self.placement, Placement::Nested | Placement::Trampoline)
            .then(|| self.clones());
        let by_arch = self.by_arch();
        let archs: Vec<TokenStream> = by_arch.iter().map(|(arch, _)| arch.cfg()).collect();
        let entries = by_arch
            .iter()
            .map(|(arch, targets)| self.entry(*arch, targets));
        let choice = if self.mode() == Mode::Patched {
            self.patched_dispatch(&by_arch, &archs)
        } else if self.uses_pointer() {
            self.pointer_dispatch(&by_arch, &archs)
        } else {
            self.branch_dispatch(&by_arch, &archs)
        };
        let tracking = profile::tracking(self.profile);
        quote! {
            #nested
            #tracking
            #(#entries)*
            #choice
        }
    }

    /// Every clone, the fallback last.
    pub fn clones(&self) -> TokenStream {
        let targets = self.targets.iter().map(Some).chain([None]);
        targets.map(|target| self.clone(target)).collect()
    }

    /// The clone for `target` (`None`: the fallback), and its inlinable body if the group's
    /// other functions call it.
    pub fn clone(&self, target: Option<&Target>) -> TokenStream {
        let clone = clone::emit(
            self.function,
            self.placement,
            target,
            self.group,
            self.krate,
        );
        let body = clone::emit_inline_body(
            self.function,
            self.placement,
            target,
            self.group,
            self.krate,
        );
        quote!(#clone #body)
    }

    /// The targets per architecture, in the architectures' order.
    fn by_arch(&self) -> ByArch<'_> {
        let mut by_arch: ByArch<'_> = Vec::new();
        for target in self.targets {
            match by_arch.binary_search_by_key(&target.arch, |(arch, _)| *arch) {
                Ok(at) => by_arch[at].1.push(target),
                Err(at) => by_arch.insert(at, (target.arch, vec![target])),
            }
        }
        by_arch
    }

    /// Whether calls go through a self-patching function pointer (at run time): the mode
    /// allows it and the clones can be named in a static. Otherwise the entry's cached clone
    /// index is tested per call.
    pub fn uses_pointer(&self) -> bool {
        self.pointer_possible() && matches!(self.mode(), Mode::Auto | Mode::Pointer | Mode::Patched)
    }

    /// Whether the clones can be named in a static: no generics, no `Self`, no `impl Trait`.
    fn pointer_possible(&self) -> bool {
        !matches!(self.placement, Placement::Sibling | Placement::Trampoline)
            && !self.is_generic()
            && matches!(opaque_return(&self.function.sig), Opaque::None)
    }

    /// The mode this function's calls use: the one written, unless it cannot have it.
    pub fn mode(&self) -> Mode {
        if self.refusal().is_some() {
            Mode::Auto
        } else {
            self.dispatch.mode
        }
    }

    /// Why this function cannot have the mode written, if it cannot.
    fn refusal(&self) -> Option<&'static str> {
        let opaque = || !matches!(opaque_return(&self.function.sig), Opaque::None);
        match self.dispatch.mode {
            Mode::Pointer if !self.pointer_possible() => Some(
                "`dispatch = pointer` needs clones a static can name: a function that is not \
                 generic, takes and returns no `impl Trait`, and is not a method or in a \
                 multiversioned `impl`; choose `branch` (a cached clone index per call) or \
                 `patched`",
            ),
            Mode::Patched if opaque() => Some(
                "`dispatch = patched` cannot return `impl Trait` (each clone returns its own \
                 type, so the call is not a jump): choose `branch` or `compile_time`",
            ),
            _ => None,
        }
    }

    fn is_generic(&self) -> bool {
        !self.function.sig.generics.params.is_empty() || self.has_impl_trait_input()
    }

    fn has_impl_trait_input(&self) -> bool {
        clone::input_types(self.function)
            .into_iter()
            .any(contains_impl_trait)
    }

    /// The registry entry for one architecture.
    fn entry(&self, arch: Arch, targets: &[&Target]) -> TokenStream {
        let krate = self.krate;
        let cfg = arch.cfg();
        // A target whose features this compiler does not accept yet is registered as
        // unavailable: never selected, and shown so in the dispatch report.
        let rows = targets.iter().map(|target| {
            let target_name = &target.name;
            let mask = target.mask();
            let row = quote!(#krate::__private::Target::new(#target_name, #mask));
            match target.release() {
                None => row,
                Some(release) => {
                    let (switch, version) = (release.switch(), release.version());
                    quote!(#krate::__private::#switch!({ #row } else {
                        #krate::__private::Target::needs_rust(#target_name, #mask, #version)
                    }))
                }
            }
        });
        let (slot, code) = if self.uses_pointer() {
            let names = self.clone_paths(targets);
            let pointer = self.pointer_type();
            (
                quote!(::core::option::Option::Some(&__PERFATTR_SLOT)),
                quote!(#krate::__private::code!(#pointer; #(#names),*)),
            )
        } else {
            (quote!(::core::option::Option::None), quote!(&[]))
        };
        let clones: Vec<&str> = targets
            .iter()
            .map(|t| t.name.as_str())
            .chain(["fallback"])
            .collect();
        let name = self.function.sig.ident.to_string();
        let (profile, checks) = profile::rows(self.profile, &name, &clones, arch, krate);
        let best = targets[0].minimal();
        let mut best = quote!(::core::cfg!(all(#(target_feature = #best),*)));
        if let Some(release) = targets[0].release() {
            let switch = release.switch();
            best = quote!(#krate::__private::#switch!({ #best } else { false }));
        }
        let checks = (!checks.is_empty()).then(|| quote!(#[cfg(#cfg)] const _: () = { #checks };));
        let (compile_time, fixed) = if self.mode() == Mode::CompileTime {
            let index = self.fixed_index(targets);
            (
                quote!(::core::option::Option::Some(__PERFATTR_FIXED)),
                quote!(#[cfg(#cfg)] const __PERFATTR_FIXED: usize = #index;),
            )
        } else {
            (
                quote!(#krate::__private::Entry::best_if(__PERFATTR_BEST)),
                TokenStream::new(),
            )
        };
        let patch = if self.mode() == Mode::Patched {
            quote!(#krate::__private::patch_of!(__PERFATTR_PATCH))
        } else {
            quote!(::core::option::Option::None)
        };
        quote! {
            #checks
            #fixed
            #[cfg(#cfg)]
            const __PERFATTR_BEST: bool = #best;
            #[cfg(#cfg)]
            #krate::__private::entry! {
                static __PERFATTR_ENTRY: #krate::__private::Entry = #krate::__private::Entry {
                    path: #krate::__private::path!(),
                    location: ::core::concat!(::core::file!(), ":", ::core::line!()),
                    targets: &[#(#rows),*],
                    slot: #slot,
                    compile_time: #compile_time,
                    profile: #profile,
                    choice: #krate::__private::Choice::new(),
                    code: #code,
                    patch: #patch,
                };
            }
        }
    }

    /// A non-generic function's pointer type: `unsafe fn(A, B) -> R`.
    pub fn pointer_type(&self) -> TokenStream {
        let types = clone::input_types(self.function);
        let output = &self.function.sig.output;
        quote!(unsafe fn(#(#types),*) #output)
    }

    /// The paths of the clones for `targets`, then the fallback's.
    pub fn clone_paths(&self, targets: &[&Target]) -> Vec<TokenStream> {
        let path =
            |target| names::path(self.function, self.placement, target, self.group.namespace);
        targets
            .iter()
            .map(|target| path(Some(target)))
            .chain([path(None)])
            .collect()
    }

    /// Generic functions and methods: branch on the entry's cached clone index.
    fn branch_dispatch(&self, by_arch: &ByArch<'_>, archs: &[TokenStream]) -> TokenStream {
        let krate = self.krate;
        let fixed = self.mode() == Mode::CompileTime;
        let opaque = matches!(opaque_return(&self.function.sig), Opaque::Supported);
        // The cached index as stored (`cached()`: unresolved is past every clone, and the
        // `match` below resolves it), except for `impl Trait` returns (resolved first).
        let (read, mutable) = if opaque {
            (quote!(index), quote!())
        } else {
            (quote!(cached), quote!(mut))
        };
        let indices = by_arch.iter().map(|(arch, _)| {
            let cfg = arch.cfg();
            let (when, index) = if fixed {
                (quote!(), quote!(__PERFATTR_FIXED))
            } else {
                (quote!(__PERFATTR_BEST &&), quote!(0))
            };
            quote! {
                #[cfg(#cfg)]
                let #mutable __perfattr_index: usize = if #when #krate::__private::compile_time_dispatch!()
                {
                    #index
                } else {
                    __PERFATTR_ENTRY.#read()
                };
            }
        });
        let arms = by_arch.iter().flat_map(|(arch, targets)| {
            let cfg = arch.cfg();
            targets
                .iter()
                .enumerate()
                .map(move |(index, target)| (cfg.clone(), index, *target))
        });
        let fallback = self.arm(None);
        if opaque {
            return self.opaque_dispatch(by_arch, archs, &indices.collect::<Vec<_>>(), &fallback);
        }
        let arms = arms.map(|(cfg, index, target)| {
            let arm = self.arm(Some(target));
            quote!(#[cfg(#cfg)] #index => break #arm,)
        });
        let fallbacks = by_arch.iter().map(|(arch, targets)| {
            let (cfg, count) = (arch.cfg(), targets.len());
            quote!(#[cfg(#cfg)] const __PERFATTR_FALLBACK: usize = #count;)
        });
        // One load and a `match` on it per call; the first call (and the first after a helper
        // changed the level) finds it unresolved, resolves it and matches again.
        quote! {
            #(#fallbacks)*
            #[cfg(not(any(#(#archs),*)))]
            const __PERFATTR_FALLBACK: usize = 0;
            #(#indices)*
            #[cfg(not(any(#(#archs),*)))]
            let mut __perfattr_index: usize = 0;
            #[allow(unused_assignments)]
            loop {
                match __perfattr_index {
                    #(#arms)*
                    __PERFATTR_FALLBACK => break #fallback,
                    #[cfg(any(#(#archs),*))]
                    _ => __perfattr_index = __PERFATTR_ENTRY.index(),
                    // No target for this architecture: no entry, and the index is the fallback's.
                    #[cfg(not(any(#(#archs),*)))]
                    _ => ::core::unreachable!(),
                }
            }
        }
    }

    /// The call of the clone for `target` (`None`: the fallback), the parameters forwarded.
    fn call(&self, target: Option<&Target>) -> TokenStream {
        let (_, forward) = clone::forwarded_inputs(self.function);
        let turbofish = self.turbofish();
        let path = names::path(self.function, self.placement, target, self.group.namespace);
        quote!(#path #turbofish (#(#forward),*))
    }

    /// The expression that runs the clone for `target` (`None`: the fallback) once the
    /// dispatcher chose it: a call of the clone, or a trampoline's closure run through it.
    pub fn arm(&self, target: Option<&Target>) -> TokenStream {
        let unsafe_fn = matches!(self.function.sig.safety, syn::Safety::Unsafe(_));
        if self.placement != Placement::Trampoline {
            // SAFETY (of the emitted `unsafe`): `index()` is `i` only when `select()` chose
            // target `i`, whose mask is in the active set (or its features are enabled at
            // compile time); see `pointer_dispatch`. An `unsafe fn`'s fallback call is the caller's contract.
            let call = self.call(target);
            return match target {
                Some(_) => quote!(unsafe { #call }),
                None if unsafe_fn => quote!(unsafe { #call }),
                None => call,
            };
        }
        let (krate, group) = (self.krate, self.group);
        let body = |available: bool| {
            clone::trampoline_body(self.function, target, group, krate, available)
        };
        let Some(target) = target else {
            // The fallback's closure runs through a plain call (clippy flags a closure called
            // where it is declared).
            let body = body(true);
            return quote!({ #body #krate::__private::run(__perfattr_body) });
        };
        let trampoline = names::ident(self.function, self.placement, Some(target), None);
        // SAFETY (of the emitted `unsafe`): as for a clone's call above; the closure is
        // declared outside the `unsafe` block, so the user's body gets no unsafety it did not
        // write.
        let with = body(true);
        let with = quote!({ #with unsafe { #trampoline(__perfattr_body) } });
        match target.release() {
            None => with,
            Some(release) => {
                // A compiler that cannot build the target builds its trampoline without
                // features, a safe function, and never selects it.
                let switch = release.switch();
                let without = body(false);
                quote!(#krate::__private::#switch!({ #with } else { { #without #trampoline(__perfattr_body) } }))
            }
        }
    }

    /// `::<T, N>` for the type and const parameters; none when `impl Trait` arguments make
    /// explicit arguments impossible (inference finds them instead).
    pub fn turbofish(&self) -> TokenStream {
        if self.has_impl_trait_input() {
            return TokenStream::new();
        }
        turbofish(&self.function.sig.generics)
    }
}
