//! The typed description of a multiversioned function: its targets, where its clones live, the
//! functions multiversioned with it, and how it returns `impl Trait`.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::quote;
use syn::{Path, Type};

use super::features::{self, Arch, Release, imply, mask};
use super::profile::Embedded;
use crate::common::function::{Function, contains_impl_trait};
use crate::common::set::Set;

/// The arguments of `#[multiversion(...)]`: the targets, best first, and the runtime's path.
pub struct Args {
    pub targets: Vec<Target>,
    pub krate: Path,
    /// The dispatch profile `PERFATTR_DISPATCH_PROFILE` names, read for this expansion.
    pub profile: Option<Embedded>,
    /// `dispatch = …`: how calls reach the chosen clone.
    pub dispatch: Dispatch,
}

/// How a multiversioned function's calls reach its clone (`dispatch = …`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Not written: at compile time where the best target's features are enabled, else a
    /// cached pointer (non-generic functions outside an `impl`), else a cached clone index.
    Auto,
    /// `compile_time`: the best target whose features are enabled at compile time, else the
    /// fallback; nothing detected at run time.
    CompileTime,
    /// `branch`: the cached clone index, tested on every call (`match`, direct calls).
    Branch,
    /// `pointer`: the cached function pointer (one load, one indirect call).
    Pointer,
    /// `patched`: a direct jump to the clone, patched before `main` (perfattr's `patch`
    /// feature); the run-time path (pointer or index) until then and where patching is refused.
    Patched,
}

impl Mode {
    /// The spellings `dispatch = …` takes, in order.
    pub const NAMES: [(&'static str, Mode); 5] = [
        ("auto", Mode::Auto),
        ("compile_time", Mode::CompileTime),
        ("branch", Mode::Branch),
        ("pointer", Mode::Pointer),
        ("patched", Mode::Patched),
    ];
}

/// `dispatch = …` as written: the mode and where (for errors about it).
#[derive(Clone, Copy)]
pub struct Dispatch {
    pub mode: Mode,
    pub span: Span,
}

/// One target: the clone compiled with `features`.
pub struct Target {
    /// Normalized as written: `avx2+fma`, `sse4.1`, `v3`.
    pub name: String,
    pub arch: Arch,
    /// The features to enable, as written (shorthands expanded).
    pub enable: Vec<&'static str>,
    /// `enable` and everything it implies: what the CPU must have.
    pub implied: Set<&'static str>,
    pub span: Span,
}

impl Target {
    /// The target's features as a bit mask over the feature table.
    pub fn mask(&self) -> u128 {
        mask(&self.implied, self.arch)
    }

    /// The Rust release the target's features need, if newer than perfattr's minimum.
    pub fn release(&self) -> Option<Release> {
        features::release_needed(&self.implied, self.arch)
    }

    /// The features to name: `enable` without those another of them implies (`avx2` implies
    /// `avx` and the SSE levels). Enabling or testing these is the same as all of `enable`,
    /// and the generated code stays short.
    pub fn minimal(&self) -> Vec<&'static str> {
        self.enable
            .iter()
            .copied()
            .filter(|feature| {
                // Features rustc accepts only together (`paca`, `pacg`) imply each other: keep
                // both.
                !self.enable.iter().any(|other| {
                    other != feature
                        && implies(other, feature, self.arch)
                        && !implies(feature, other, self.arch)
                })
            })
            .collect()
    }

    /// A Rust identifier fragment: `avx2_fma`, `sse4_1`, `x86_64_v3`.
    pub fn suffix(&self) -> String {
        self.name.replace(['+', '.', '-'], "_")
    }
}

fn implies(feature: &'static str, other: &str, arch: Arch) -> bool {
    let mut implied = Set::new();
    imply(feature, arch, &mut implied);
    implied.contains(&other)
}

/// Where the clones live.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Nested inside the dispatcher: possible when nothing names `Self`.
    Nested,
    /// Beside the dispatcher in an `impl` block, as `__perfattr_<len><name>_<target>`: the methods
    /// of a multiversioned `impl` block.
    Sibling,
    /// A single method, or a function naming `Self`: its attribute cannot know whether its
    /// `impl` is a trait's, which holds no other items, so nothing goes beside it. Each target
    /// gets a generic trampoline nested in the dispatcher, `__perfattr_<target>`, with the
    /// target's `#[target_feature]`; the body, in a closure (which may use `self` and `Self`),
    /// is inlined into it and so compiled with the target's features.
    Trampoline,
    /// In one hidden module per target beside the dispatcher (`__perfattr_<target>::<name>`):
    /// the functions of a multiversioned `mod`, so that calls between them inside a clone
    /// resolve to the same module, hence the same target.
    Module,
}

impl Placement {
    /// Where a single function's clones go.
    pub fn of(function: &Function) -> Placement {
        let has_receiver = function.sig.receiver().is_some();
        if has_receiver || mentions_self(quote!(#function)) {
            Placement::Trampoline
        } else {
            Placement::Nested
        }
    }
}

fn mentions_self(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "Self",
        TokenTree::Group(group) => mentions_self(group.stream()),
        _ => false,
    })
}

/// Which functions of a group the rewritten calls may reach.
#[derive(Clone, Copy)]
pub struct Group<'a> {
    /// Every function multiversioned together (for a single function, itself).
    pub members: &'a [Ident],
    /// The members other members call: they get an inlinable body.
    pub called: &'a [Ident],
    /// Each member's number of parameters, in `members` order: a member named as a value
    /// (`.map(chunk)`) becomes a closure of that many parameters.
    pub arities: &'a [usize],
    /// For a trait impl's methods, the trait as a hash of its path with its generic arguments
    /// (`t` and 16 hex digits): their clones, in an inherent impl of the type, are named
    /// `__perfattr_<len><method>_<target>_<hash>` so two traits' methods of one name, two
    /// impls of one generic trait, or an inherent method never collide (see `names`).
    pub namespace: Option<&'a Ident>,
    /// The members whose body differs between clones (`target_cfg`): another member's clone
    /// calls their same-target clone, not their inlinable body, which has no target features,
    /// and their clones allow the lints code cfg'd out of a clone leaves behind.
    pub per_clone: &'a [Ident],
}

/// The traits an `-> impl …` of a multiversioned function may name (besides lifetimes and
/// `use<…>`): those the runtime's `Either` implements by delegation, and the auto traits it
/// inherits.
pub const RETURN_TRAITS: &[&str] = &[
    "Iterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "FusedIterator",
    "Future",
    "Display",
    "Debug",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Unpin",
];

/// How the function returns `impl Trait`: not at all, as the whole return type with traits
/// the dispatcher can return for any clone, or in a way it cannot (the offending type).
pub enum Opaque<'a> {
    None,
    Supported,
    Unsupported(&'a Type),
}

pub fn opaque_return(sig: &syn::Signature) -> Opaque<'_> {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return Opaque::None;
    };
    if !contains_impl_trait(ty) {
        return Opaque::None;
    }
    let Type::ImplTrait(opaque) = &**ty else {
        return Opaque::Unsupported(ty);
    };
    let supported = opaque.bounds.iter().all(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            // Lifetimes and `use<…>`.
            return true;
        };
        let known = bound.path.segments.last().is_some_and(|last| {
            RETURN_TRAITS.iter().any(|name| last.ident == name)
                && !matches!(last.arguments, syn::PathArguments::Parenthesized(_))
        });
        // `Iterator<Item = impl Display>`: the inner opaque type differs per clone too.
        let nested = bound.path.segments.iter().any(|segment| {
            matches!(&segment.arguments, syn::PathArguments::AngleBracketed(args)
                if args.args.iter().any(|arg| matches!(arg,
                    syn::GenericArgument::AssocType(assoc) if contains_impl_trait(&assoc.ty))))
        });
        known && !nested
    });
    if supported {
        Opaque::Supported
    } else {
        Opaque::Unsupported(ty)
    }
}
