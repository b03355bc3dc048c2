//! With the `counters` feature: the counters that moved while a function's benchmarks ran,
//! printed after criterion's timings and kept per call for the results file.

use std::format;
use std::string::String;
use std::vec::Vec;

/// The counters that moved, each per call of `function`, as a JSON object; `None` when
/// `function` is not counted or did not run.
pub(super) fn per_call_json(
    function: &str,
    counts: &crate::counters::CounterReport,
) -> Option<String> {
    let moved = counts.moved();
    let calls = moved.count(function);
    (calls > 0).then(|| {
        let fields: Vec<String> = moved
            .sites
            .iter()
            .filter(|site| site.path != function)
            .map(|site| {
                format!(
                    "{}:{}",
                    crate::report::json::quote(&site.label),
                    crate::report::json::number(crate::report::counts::ratio(site.count, calls))
                )
            })
            .collect();
        format!("{{{}}}", fields.join(","))
    })
}

/// The counters that moved while `function`'s benchmarks ran (warm-up included), and, when
/// `function` is itself counted, each one per call of it. `None` if nothing moved (nothing
/// ran, or nothing in it is counted).
///
/// ```
/// #[perfattr::hot]
/// fn step(x: u32) -> u32 {
///     x + 1
/// }
///
/// let counts = perfattr::counters::measure(|| {
///     step(1);
/// });
/// let text = perfattr::bench::moved_counters("step", &counts).unwrap();
/// assert!(text.contains("step"));
/// ```
#[must_use]
pub fn moved_counters(function: &str, counts: &crate::counters::CounterReport) -> Option<String> {
    use core::fmt::Write as _;
    let moved = counts.moved();
    if moved.sites.is_empty() {
        return None;
    }
    let mut text = format!(
        "perfattr counters while benchmarking {function} (all its benchmarks, warm-up included):\n{moved}"
    );
    let calls = moved.count(function);
    if calls > 0 {
        let per_call: Vec<String> = moved
            .sites
            .iter()
            .filter(|site| site.path != function)
            .map(|site| {
                let per_call = crate::report::counts::ratio(site.count, calls);
                format!("{} {per_call:.3}", site.label)
            })
            .collect();
        if !per_call.is_empty() {
            let _ = writeln!(text, "per call of {function}: {}", per_call.join(", "));
        }
    }
    Some(text)
}
