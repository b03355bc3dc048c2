//! The run's results in the formats performance-tracking tools read, written beside the results
//! file when `PERFATTR_TRACKING` asks (`bencher:<path>`, `github-action-benchmark:<path>`,
//! comma-separated for both):
//!
//! - Bencher's metric format (BMF): an object keyed by benchmark id, each with `latency`
//!   (nanoseconds per call: `value`, `lower_value`, `upper_value`), `throughput` where the
//!   benchmark declares one (elements or bytes per second, its bounds from latency's), and,
//!   with the counting allocator, `allocations` and `allocated-bytes` per call, measures of
//!   their own.
//! - github-action-benchmark's `customSmallerIsBetter`: an array of `{name, unit, value,
//!   range, extra}`, latency per benchmark (ns) and allocations per call (a throughput, where
//!   bigger is better, is not this format's: its `extra` says it).
//!
//! Latency is criterion's typical estimate (the one its console line shows: the slope, else
//! the mean) with its 95% interval, as in the results file's `criterion_typical`.

use std::format;
use std::string::String;
use std::vec::Vec;

use super::results::{Allocations, Measured, allocations_of};
use crate::report::json::{number, quote};

/// Which tool's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Bencher's metric format.
    Bencher,
    /// github-action-benchmark's `customSmallerIsBetter`.
    GithubActionBenchmark,
}

impl Format {
    /// The names `PERFATTR_TRACKING` takes.
    pub(crate) const NAMES: [(&'static str, Format); 2] = [
        ("bencher", Format::Bencher),
        ("github-action-benchmark", Format::GithubActionBenchmark),
    ];

    /// Its name in `PERFATTR_TRACKING`.
    pub(crate) fn name(self) -> &'static str {
        Format::NAMES
            .iter()
            .find(|(_, format)| *format == self)
            .map_or("?", |(name, _)| name)
    }

    /// The file's text for this run's benchmarks.
    pub(crate) fn render(self, measured: &[Measured], allocations: &[Allocations]) -> String {
        match self {
            Format::Bencher => bencher(measured, allocations),
            Format::GithubActionBenchmark => github(measured, allocations),
        }
    }
}

/// `{"value": v, "lower_value": l, "upper_value": u}`.
fn measure(value: f64, lower: f64, upper: f64) -> String {
    format!(
        "{{\"value\":{},\"lower_value\":{},\"upper_value\":{}}}",
        number(value),
        number(lower),
        number(upper)
    )
}

/// Per second, from nanoseconds per iteration of `count` elements or bytes.
fn per_second(count: u64, ns: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let count = count as f64;
    count * 1e9 / ns
}

fn bencher(measured: &[Measured], allocations: &[Allocations]) -> String {
    let entries: Vec<String> = measured
        .iter()
        .map(|bench| {
            let latency = bench.typical.0;
            let mut fields = std::vec![format!(
                "\"latency\":{}",
                measure(latency.point, latency.low, latency.high)
            )];
            if let Some((_, count)) = bench.throughput {
                // The slowest call in the interval is the lowest throughput.
                fields.push(format!(
                    "\"throughput\":{}",
                    measure(
                        per_second(count, latency.point),
                        per_second(count, latency.high),
                        per_second(count, latency.low)
                    )
                ));
            }
            if let Some(counted) = allocations_of(bench, allocations) {
                fields.push(format!(
                    "\"allocations\":{{\"value\":{}}}",
                    number(counted.count)
                ));
                fields.push(format!(
                    "\"allocated-bytes\":{{\"value\":{}}}",
                    number(counted.bytes)
                ));
            }
            format!("{}:{{{}}}", quote(&bench.id), fields.join(","))
        })
        .collect();
    format!("{{{}}}\n", entries.join(","))
}

fn github(measured: &[Measured], allocations: &[Allocations]) -> String {
    let mut entries = Vec::new();
    for bench in measured {
        let (latency, statistic) = bench.typical;
        let throughput = bench.throughput.map_or(String::new(), |(kind, count)| {
            format!(
                "; throughput {} {kind}/s (not in this format: bigger is better)",
                number(per_second(count, latency.point))
            )
        });
        entries.push(format!(
            "{{\"name\":{},\"unit\":\"ns\",\"value\":{},\"range\":{},\"extra\":{}}}",
            quote(&bench.id),
            number(latency.point),
            quote(&format!("± {}", number((latency.high - latency.low) / 2.0))),
            quote(&format!(
                "criterion's {statistic}, 95% interval [{}, {}] ns{throughput}",
                number(latency.low),
                number(latency.high)
            )),
        ));
        if let Some(counted) = allocations_of(bench, allocations) {
            entries.push(format!(
                "{{\"name\":{},\"unit\":\"allocations\",\"value\":{},\"extra\":{}}}",
                quote(&format!("{} allocations", bench.id)),
                number(counted.count),
                quote(&format!("{} bytes per call", number(counted.bytes)))
            ));
        }
    }
    format!("[{}]\n", entries.join(","))
}
