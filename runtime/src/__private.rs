//! What generated code reaches, by absolute path (`::perfattr::__private::…`). Not a public
//! API: it changes with the macros, which the runtime pins exactly.

pub use crate::cpu::Features;
pub use crate::dispatch::{Entry, MULTIVERSIONED, Slot, Target, UNINIT, active_bits};
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

#[cfg(feature = "bench")]
pub mod bench {
    pub use crate::bench::{BENCHES, Registration, on_target};
    pub use criterion::{BatchSize, BenchmarkId, Criterion, Throughput};
}
