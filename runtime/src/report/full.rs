//! [`Report`]: everything the runtime can tell about this process, counters and dispatch.

use super::counts::CounterReport;
use super::dispatch::DispatchReport;

/// Everything the runtime can tell about this process: counters (with the `counters`
/// feature) and dispatch.
///
/// ```
/// let report = perfattr::report::full();
/// println!("{report}");
/// assert_eq!(report.dispatch, perfattr::report::dispatch());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The counters since the start or the last reset; `None` without the `counters` feature.
    pub counters: Option<CounterReport>,
    /// Which clone each multiversioned function runs.
    pub dispatch: DispatchReport,
}
