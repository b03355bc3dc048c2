//! What generated code reaches, by absolute path (`::perfattr::__private::…`). Not a public
//! API: it changes with the macros, which the runtime pins exactly.

pub use crate::cpu::Features;
pub use crate::cpu::features::UNINIT;
pub use crate::cpu::state::active_bits;
pub use crate::dispatch::{Entry, MULTIVERSIONED, Slot, Target};
pub use crate::either::Either;
pub use crate::hint::cold_path;
pub use linkme;

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

/// Whether a multiversioned function whose best target's features are all enabled at compile
/// time calls that clone directly. Always, except with the `testing` or `bench` feature while
/// a helper forces a level: then it dispatches at run time like any other build, so the helpers
/// run every clone even in a `-C target-cpu=native` build (at the cost of one load per call,
/// only in builds with those features).
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
        !$crate::__private::forcing()
    };
}

pub use crate::__perfattr_compile_time_dispatch as compile_time_dispatch;
#[cfg(any(feature = "testing", feature = "bench"))]
pub use crate::dispatch::forcing;

/// One counter site of a hinted function, branch or loop, written by the macros:
/// `site! { static NAME: Kind("function" in PARENT) calls ["f", "g"] loop false at 12:5 }`
/// registers and counts a static visible to the rest of the block; `site! { block: … }` does
/// the same inside a block of its own. Expands to nothing without the `counters` feature.
#[cfg(feature = "counters")]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_site {
    (static $name:ident: $kind:ident($label:literal $(in $parent:ident)?)
        calls [$($call:literal),*] loop $has_loop:literal at $line:literal:$column:literal) => {
        #[$crate::__private::linkme::distributed_slice($crate::__private::counters::SITES)]
        #[linkme(crate = $crate::__private::linkme)]
        static $name: $crate::__private::counters::Site = $crate::__private::counters::Site::new(
            $crate::__private::counters::Kind::$kind,
            $label,
            $crate::__perfattr_site!(@parent $($parent)?),
            &[$($call),*],
            $has_loop,
            ::core::module_path!(),
            ::core::file!(),
            $line,
            $column,
        );
        $crate::__private::counters::hit(&$name);
    };
    (block: $($site:tt)*) => {
        { $crate::__perfattr_site!(static SITE: $($site)*); }
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

#[cfg(feature = "counters")]
pub mod counters {
    pub use crate::counters::{Kind, SITES, Site, add, hit};
}

#[cfg(feature = "bench")]
pub mod bench {
    pub use crate::bench::{BENCHES, Registration, on_target};
    pub use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
}
