//! What generated code reaches, by absolute path (`::perfattr::__private::…`). Not a public
//! API: it changes with the macros, which the runtime pins exactly.

pub use crate::cpu::Features;
pub use crate::cpu::features::UNINIT;
pub use crate::cpu::state::active_bits;
#[cfg(feature = "report")]
pub use crate::dispatch::MULTIVERSIONED;
pub use crate::dispatch::{
    Choice, Code, Entry, Measured, Patch, Ranked, Slot, Target, epoch, forcing,
};
pub use crate::either::Either;
pub use crate::hint::cold_path;
#[cfg(feature = "report")]
pub use linkme;

/// Whether a function path's `prefix` (the path without the function's name) is in module
/// `module` (`module_path!()`): the module itself (a free function), a type in it
/// (`module::Type`, a method), or a trait impl of a type in it (`<module::Type as …>`). For
/// the embedded dispatch profile's check of a function's rows.
#[must_use]
pub const fn in_module(prefix: &str, module: &str) -> bool {
    let (p, m) = (prefix.as_bytes(), module.as_bytes());
    let (start, qualified) = if !p.is_empty() && p[0] == b'<' {
        (1, true)
    } else {
        (0, false)
    };
    if p.len() < start + m.len() {
        return false;
    }
    let mut i = 0;
    while i < m.len() {
        if p[start + i] != m[i] {
            return false;
        }
        i += 1;
    }
    let rest = start + m.len();
    if rest == p.len() {
        return !qualified;
    }
    if rest + 2 > p.len() || p[rest] != b':' || p[rest + 1] != b':' {
        return false;
    }
    // One more segment: a type (up to `<` of its generic arguments, or ` as ` in a trait impl).
    let mut j = rest + 2;
    while j < p.len() {
        match p[j] {
            b'<' | b' ' => return true,
            b':' => return false,
            _ => j += 1,
        }
    }
    !qualified
}

/// The registry entry of a multiversioned function, `entry! { static NAME: Entry = …; }`:
/// the static its dispatch reads, registered in [`MULTIVERSIONED`] for the report, the testing
/// helpers and the benchmarks when the `report` feature (which they include) is on. Without
/// it, the plain static: nothing reads the registry, and the build has no linkme.
#[cfg(feature = "report")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_entry {
    (static $($static:tt)*) => {
        $crate::__private::profile_variable!();
        #[$crate::__private::linkme::distributed_slice($crate::__private::MULTIVERSIONED)]
        #[linkme(crate = $crate::__private::linkme)]
        static $($static)*
    };
}

#[cfg(not(feature = "report"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_entry {
    (static $($static:tt)*) => {
        $crate::__private::profile_variable!();
        static $($static)*
    };
}

/// Reads `PERFATTR_DISPATCH_PROFILE` with `option_env!` in the user's crate: the compiler then
/// records that the crate depends on it, and cargo rebuilds the crate when it changes (the
/// macros read it, which the compiler does not see).
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_profile_variable {
    () => {
        const _: ::core::option::Option<&::core::primitive::str> =
            ::core::option_env!("PERFATTR_DISPATCH_PROFILE");
    };
}

pub use crate::__perfattr_profile_variable as profile_variable;

/// A non-generic multiversioned function's clones for its entry, `code!(unsafe fn(A) -> R;
/// a, b, fallback)`: their addresses with the `bench` feature (which reads their machine
/// code), none without.
#[cfg(feature = "bench")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_code {
    ($pointer:ty; $($clone:expr),*) => {
        &[$($crate::__private::Code($clone as $pointer as *const ())),*]
    };
}

#[cfg(not(feature = "bench"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_code {
    ($pointer:ty; $($clone:expr),*) => {
        &[]
    };
}

pub use crate::__perfattr_code as code;

pub use crate::__perfattr_entry as entry;

/// Expands to its input when perfattr's `bench` feature is on, to nothing otherwise: the
/// generated registrations follow the feature without a cfg the user's crate cannot see.
#[cfg(feature = "bench")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_if_bench {
    ($($item:item)*) => { $($item)* };
}

#[cfg(not(feature = "bench"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_if_bench {
    ($($item:item)*) => {};
}

pub use crate::__perfattr_if_bench as if_bench;

/// Version switches: `since_1_89!({ new } else { old })` expands to `new` when the compiler is
/// Rust 1.89 or later, to `old` before. The runtime's build script reads the compiler's
/// version; the user's crate, where the generated code is, is built by the same compiler.
#[cfg(perfattr_rust_1_89)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_since_1_89 {
    ({ $($new:tt)* } else { $($old:tt)* }) => { $($new)* };
}

#[cfg(not(perfattr_rust_1_89))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_since_1_89 {
    ({ $($new:tt)* } else { $($old:tt)* }) => { $($old)* };
}

#[cfg(perfattr_rust_1_95)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_since_1_95 {
    ({ $($new:tt)* } else { $($old:tt)* }) => { $($new)* };
}

#[cfg(not(perfattr_rust_1_95))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_since_1_95 {
    ({ $($new:tt)* } else { $($old:tt)* }) => { $($old)* };
}

pub use crate::__perfattr_since_1_89 as since_1_89;
pub use crate::__perfattr_since_1_95 as since_1_95;

/// A target clone, as the compiler accepts it: `target_fn! { () #[target_feature(..)] fn clone(..)
/// {..} }`, or for features a release stabilized, `target_fn! { (since_1_89) { #[target_feature(..)]
/// fn clone(..) {..} } else { fn clone(..) {..} } }`: from that release the first (the function
/// as written, made an `unsafe fn` before Rust 1.86, when safe `#[target_feature]` functions were
/// stabilized), before it the second (no target features, never selected). With `unsafe` first
/// (`target_fn! { unsafe … }`), the target clone is an `unsafe fn` on every release: a method's
/// clones, which may sit in a trait definition, where `#[target_feature]` needs an `unsafe fn`.
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_target_fn {
    (() $($item:tt)*) => {
        $crate::__perfattr_target_fn_1_86! { $($item)* }
    };
    (($switch:ident) { $($item:tt)* } else { $($without:tt)* }) => {
        $crate::__private::$switch! {
            { $crate::__perfattr_target_fn_1_86! { $($item)* } } else { $($without)* }
        }
    };
    (unsafe () $($item:tt)*) => {
        $crate::__perfattr_unsafe_fn! { $($item)* }
    };
    (unsafe ($switch:ident) { $($item:tt)* } else { $($without:tt)* }) => {
        $crate::__private::$switch! {
            { $crate::__perfattr_unsafe_fn! { $($item)* } } else { $($without)* }
        }
    };
}

/// `fn` made `unsafe fn`.
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_unsafe_fn {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => { $(#[$attr])* $vis unsafe fn $($rest)* };
    ($($item:tt)*) => { $($item)* };
}

#[cfg(perfattr_rust_1_86)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_target_fn_1_86 {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(perfattr_rust_1_86))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_target_fn_1_86 {
    ($($item:tt)*) => { $crate::__perfattr_unsafe_fn! { $($item)* } };
}

/// An `#[inherit_target]` helper nested in a clone: with the clone's `#[target_feature]` from
/// Rust 1.86 (a safe function its clone calls safely), without it before (a plain function,
/// as a safe `#[target_feature]` function needs 1.86).
#[cfg(perfattr_rust_1_86)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_inherit_fn {
    ($($item:tt)*) => { $($item)* };
}

#[cfg(not(perfattr_rust_1_86))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_inherit_fn {
    (#[target_feature(enable = $enable:literal)] $($item:tt)*) => { $($item)* };
}

/// A call from a clone to a clone of the same target (recursion): a safe call from Rust 1.86,
/// an `unsafe` one before (see `target_fn!`).
#[cfg(perfattr_rust_1_86)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_target_call {
    ($($call:tt)*) => { $($call)* };
}

#[cfg(not(perfattr_rust_1_86))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_target_call {
    ($($call:tt)*) => { unsafe { $($call)* } };
}

/// A call from a method's clone to itself (recursion): always `unsafe`, as the clone is an
/// `unsafe fn` (see `target_fn!`). Sound: the clone is running, so the CPU has its features.
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_unsafe_call {
    ($($call:tt)*) => { unsafe { $($call)* } };
}

/// A multiversioned method's body as the closure its dispatcher builds: declared `FnOnce`, so
/// that it may move `self` out, or return a borrow of `&mut self`.
#[inline(always)]
#[allow(clippy::inline_always, reason = "the identity")]
pub const fn once<R, F: FnOnce() -> R>(body: F) -> F {
    body
}

/// Runs a multiversioned method's fallback body (the closure the dispatcher built).
#[inline(always)]
#[allow(clippy::inline_always, reason = "a closure's call, which must vanish")]
pub fn run<R>(body: impl FnOnce() -> R) -> R {
    body()
}

/// What `count!` expands to, with and without the `counters` feature: counting happens at run
/// time, so `count!` in a `const fn` is one error in both builds, "cannot call non-const
/// function `count_at_run_time`", at the `count!` (not generic, so the message names no closure
/// of this crate). Without the feature `count` is empty; inlined, the call vanishes.
#[inline(always)]
#[allow(clippy::inline_always, reason = "a closure's call, which must vanish")]
pub fn count_at_run_time(count: &mut dyn FnMut()) {
    count();
}

pub use crate::__perfattr_inherit_fn as inherit_fn;
pub use crate::__perfattr_target_call as target_call;
pub use crate::__perfattr_target_fn as target_fn;
pub use crate::__perfattr_unsafe_call as unsafe_call;

/// Whether a multiversioned function whose best target's features are all enabled at compile
/// time calls that clone directly. Always, except with the `testing` or `bench` feature while
/// a helper forces a level or `PERFATTR_DISABLE` masks a feature: then it dispatches at run time
/// like any other build, so the helpers run every clone even in a `-C target-cpu=native` build
/// and the masks apply (at the cost of two loads per call, only in builds with those features).
#[cfg(not(any(feature = "testing", feature = "bench")))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_compile_time_dispatch {
    () => {
        true
    };
}

#[cfg(any(feature = "testing", feature = "bench"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_compile_time_dispatch {
    () => {
        !$crate::__private::at_run_time()
    };
}

pub use crate::__perfattr_compile_time_dispatch as compile_time_dispatch;

#[cfg(perfattr_patch)]
pub use static_keys;

pub use crate::__perfattr_patch_keys as patch_keys;
pub use crate::__perfattr_patch_of as patch_of;
pub use crate::__perfattr_patched as patched;
#[cfg(any(feature = "testing", feature = "bench"))]
pub use crate::dispatch::at_run_time;

/// In the initializer of a registered static: a function returning the compiler's name of
/// itself, `app::Request::parse::__PERFATTR_ENTRY::__perfattr_path`, from which the runtime
/// reads the path of the function the static is in (`crate::path`).
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_path {
    () => {{
        fn __perfattr_path() -> &'static ::core::primitive::str {
            ::core::any::type_name_of_val(&__perfattr_path)
        }
        __perfattr_path
    }};
}

pub use crate::__perfattr_path as path;

/// One counter site of a hinted function, branch or loop, written by the macros:
/// `site! { static NAME: Kind("function" in PARENT) calls ["f", "g"] reaches ["f", "g", "h"]
/// loop false at (line, column) id 123 }`; a clone's, `site! { clone: "function" for "v3" id
/// 123 }`, counts its calls. `leaf static …`/`leaf block: …` count a leaf's site (see
/// `counters::pending`); `site! { scope }` makes the rest of the block a scope.
/// registers and counts a static visible to the rest of the block; `site! { block: … }` does
/// the same inside a block of its own. Expands to nothing without the `counters` feature.
#[cfg(feature = "counters")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_site {
    (static $name:ident: $($site:tt)*) => {
        $crate::__perfattr_site!(@define $name () $($site)*);
        $crate::__private::counters::hit(&$name);
    };
    // A leaf's site: counted in a pending cell of its own while the thread is in a scope.
    (leaf static $name:ident: $($site:tt)*) => {
        $crate::__private::counters::thread_local! {
            static __PERFATTR_PENDING: ::core::cell::Cell<u64> = const { ::core::cell::Cell::new(0) };
        }
        $crate::__perfattr_site!(@define $name (.leaf(&__PERFATTR_PENDING)) $($site)*);
        $crate::__private::counters::hit_leaf(&$name, &__PERFATTR_PENDING);
    };
    (@define $name:ident ($($leaf:tt)*) $kind:ident($label:literal $(in $parent:ident)? $(for $target:literal)?)
        calls [$($call:literal),*] reaches [$($reach:literal),*] loop $has_loop:literal at ($line:expr, $column:expr)
        id $id:literal) => {
        #[$crate::__private::linkme::distributed_slice($crate::__private::counters::SITES)]
        #[linkme(crate = $crate::__private::linkme)]
        static $name: $crate::__private::counters::Site = $crate::__private::counters::Site::new(
            $crate::__private::counters::Kind::$kind,
            $label,
            $crate::__perfattr_site!(@parent $($parent)?),
            &[$($call),*],
            &[$($reach),*],
            $has_loop,
            ::core::option::Option::Some($crate::__perfattr_path!()),
            ::core::module_path!(),
            ::core::file!(),
            $line,
            $column,
            $id,
        )$(.for_clone($target))?$($leaf)*;
    };
    (block: $($site:tt)*) => {
        { $crate::__perfattr_site!(static SITE: $($site)*); }
    };
    (leaf block: $($site:tt)*) => {
        { $crate::__perfattr_site!(leaf static SITE: $($site)*); }
    };
    (clone: $label:literal for $target:literal id $id:literal) => {
        $crate::__perfattr_site!(block: Clone($label for $target) calls [] reaches [] loop false
            at (::core::line!(), ::core::column!()) id $id)
    };
    // A scope: publishes the thread's pending counts when the function returns.
    (scope) => {
        let __perfattr_scope = $crate::__private::counters::Scope::enter();
    };
    (@parent) => { ::core::option::Option::None };
    (@parent $parent:ident) => { ::core::option::Option::Some(&$parent) };
}

#[cfg(not(feature = "counters"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_site {
    ($($tokens:tt)*) => {};
}

pub use crate::__perfattr_site as site;

/// A counter site merged by location (identity 0), not by the macros' identities: what
/// `count!` and `cold!`, `macro_rules!` both, register. `located_site!(Kind(name, path) +=
/// amount)` registers it where the user's macro is invoked and adds `amount` to it.
#[cfg(feature = "counters")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_located_site {
    ($kind:ident($name:expr, $path:expr) += $amount:expr) => {{
        #[$crate::__private::linkme::distributed_slice($crate::__private::counters::SITES)]
        #[linkme(crate = $crate::__private::linkme)]
        static SITE: $crate::__private::counters::Site = $crate::__private::counters::Site::new(
            $crate::__private::counters::Kind::$kind,
            $name,
            ::core::option::Option::None,
            &[],
            &[],
            false,
            $path,
            ::core::module_path!(),
            ::core::file!(),
            ::core::line!(),
            ::core::column!(),
            0,
        );
        $crate::__private::counters::add(&SITE, $amount);
    }};
}

#[cfg(feature = "counters")]
pub mod counters {
    pub use crate::counters::{Kind, Pending, SITES, Scope, Site, add, hit, hit_leaf};
    pub use std::thread_local;
}

#[cfg(feature = "bench")]
pub mod bench {
    pub use crate::bench::{
        BENCHES, Compare, Contender, Probe, Registration, Sampler, Span, on_target, on_threads,
        supports,
    };
    pub use criterion::measurement::WallTime;
    pub use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, Throughput};

    /// An `input` an `&mut T` parameter can borrow afresh in every batch: a value that clones,
    /// and lends `&mut T` (`Vec<u8>` for `&mut [u8]` or `&mut Vec<u8>`, `String` for
    /// `&mut str`).
    #[diagnostic::on_unimplemented(
        message = "`#[bench_this]`: this `input` gives `{Self}`, which an `&mut {T}` parameter cannot borrow",
        label = "an `&mut {T}` parameter borrows a clone of this input in every batch: it must be `Clone` and lend `&mut {T}` (`BorrowMut<{T}>`)"
    )]
    pub trait LendsMut<T: ?Sized>: Clone + core::borrow::BorrowMut<T> {}

    impl<T: ?Sized, V: Clone + core::borrow::BorrowMut<T>> LendsMut<T> for V {}

    /// The owned value behind an `&mut T` parameter, checked where the user wrote `input`.
    pub fn mut_input<T: ?Sized, V: LendsMut<T>>(value: V) -> V {
        value
    }

    /// The `&mut T` argument borrowed from a fresh clone (spanned at the user's `input`
    /// too, so a mismatch is one error there).
    #[inline]
    pub fn lend_mut<T: ?Sized, V: LendsMut<T>>(value: &mut V) -> &mut T {
        value.borrow_mut()
    }
}
