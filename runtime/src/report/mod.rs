//! What the runtime can tell about this process: which clone each multiversioned function runs
//! ([`dispatch`]), how often hinted code ran ([`CounterReport`], with the `counters` feature),
//! and both together ([`full`]). Each report prints as an aligned table and has `to_json`.
//!
//! ```
//! let report = perfattr::report::dispatch();
//! println!("{report}");
//! assert!(report.to_json().starts_with("{\"functions\":["));
//! ```

pub(crate) mod counts;
pub(crate) mod dispatch;
pub(crate) mod full;
pub(crate) mod json;
mod text;
pub(crate) mod verdict;

pub use counts::{CounterReport, Kind, SiteCount, Thresholds};
#[cfg(feature = "bench")]
pub(crate) use dispatch::chosen_by;
pub use dispatch::{DispatchReport, FunctionDispatch, dispatch};
pub use full::Report;

/// The whole report: counters (with the `counters` feature) and dispatch.
///
/// ```
/// let report = perfattr::report::full();
/// println!("{report}");
/// assert!(report.to_json().starts_with("{\"counters\":"));
/// ```
#[must_use]
pub fn full() -> Report {
    Report {
        #[cfg(feature = "counters")]
        counters: Some(crate::counters::report()),
        #[cfg(not(feature = "counters"))]
        counters: None,
        dispatch: dispatch(),
    }
}
