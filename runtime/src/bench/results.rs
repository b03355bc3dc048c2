//! The run's results beyond the terminal: every benchmark criterion measured in this run (read
//! back from criterion's own files), with its function's clone comparison and verdicts, in one
//! JSON file. The regression gate, which compares them with a saved baseline, is in `gate`.
//!
//! Criterion keeps each benchmark's latest estimates in `<criterion>/<benchmark>/new/` and,
//! with `--save-baseline NAME`, a copy in `<criterion>/<benchmark>/NAME/`. A benchmark belongs to
//! this run when its `new/estimates.json` was written after the run started.

use std::format;
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::time::SystemTime;
use std::vec::Vec;

use serde_json::Value;

use crate::report::json::{number, quote};

/// An estimate and its confidence interval, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    pub point: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub(crate) fn from_json(value: &Value) -> Option<Interval> {
        let bounds = &value["confidence_interval"];
        Some(Interval {
            point: value["point_estimate"].as_f64()?,
            low: bounds["lower_bound"].as_f64()?,
            high: bounds["upper_bound"].as_f64()?,
        })
    }

    fn json(&self) -> String {
        format!(
            "{{\"ns\":{},\"low\":{},\"high\":{}}}",
            number(self.point),
            number(self.low),
            number(self.high)
        )
    }
}

/// One benchmark of this run, as criterion measured it.
#[derive(Clone, Debug)]
pub(crate) struct Measured {
    /// Criterion's id: `group/function/value`.
    pub id: String,
    pub group: String,
    /// The function id within the group (`v3`, `dispatched`, a shared group's member name).
    pub function: Option<String>,
    pub value: Option<String>,
    pub median: Interval,
    pub mean: Interval,
    /// What criterion's console line shows: its typical estimate, the slope of a linear
    /// sampling run, else the mean; and which of the two.
    pub typical: (Interval, &'static str),
    /// `("bytes" | "elements", per iteration)`.
    pub throughput: Option<(&'static str, u64)>,
    /// Where criterion keeps it: `<criterion>/<its directories>`.
    pub dir: PathBuf,
}

/// Every benchmark under `criterion` (criterion's output directory) whose estimates were
/// written at or after `since`, by id; and a line for each such benchmark whose files cannot be
/// read (naming the file).
#[must_use]
pub(crate) fn measured_since(criterion: &Path, since: SystemTime) -> (Vec<Measured>, Vec<String>) {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for dir in benchmark_dirs(criterion) {
        let estimates = dir.join("new/estimates.json");
        let fresh = std::fs::metadata(&estimates)
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified >= since);
        if fresh {
            match read(&dir) {
                Ok(measured) => found.push(measured),
                Err(problem) => unreadable.push(problem),
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    (found, unreadable)
}

/// Every benchmark's directory under `criterion`: those that hold a `new/` directory.
pub(crate) fn benchmark_dirs(criterion: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = std::vec![criterion.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|name| name == "new") {
                found.push(dir.clone());
            } else if path.file_name().is_none_or(|name| name != "report") {
                stack.push(path);
            }
        }
    }
    found
}

/// The JSON in file `path`, or what is wrong with it (naming the file).
pub(crate) fn json_file(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|error| format!("{} is not valid JSON ({error})", path.display()))
}

/// The benchmark in `dir` (which holds `new/`).
fn read(dir: &Path) -> Result<Measured, String> {
    let benchmark_file = dir.join("new/benchmark.json");
    let estimates_file = dir.join("new/estimates.json");
    let benchmark = json_file(&benchmark_file)?;
    let estimates = json_file(&estimates_file)?;
    let text = |key: &str| {
        benchmark[key].as_str().map(String::from).ok_or_else(|| {
            format!(
                "{} has no \"{key}\": not criterion's",
                benchmark_file.display()
            )
        })
    };
    let throughput = benchmark["throughput"].as_object().and_then(|kinds| {
        let (kind, count) = kinds.iter().next()?;
        let kind = match kind.as_str() {
            "Bytes" | "BytesDecimal" => "bytes",
            "Elements" => "elements",
            _ => return None,
        };
        Some((kind, count.as_u64()?))
    });
    let interval = |key: &str| {
        Interval::from_json(&estimates[key]).ok_or_else(|| {
            format!(
                "{} has no {key} estimate: not criterion's",
                estimates_file.display()
            )
        })
    };
    Ok(Measured {
        id: text("full_id")?,
        group: text("group_id")?,
        function: text("function_id").ok(),
        value: text("value_str").ok(),
        median: interval("median")?,
        mean: interval("mean")?,
        typical: match Interval::from_json(&estimates["slope"]) {
            Some(slope) => (slope, "slope"),
            None => (interval("mean")?, "mean"),
        },
        throughput,
        dir: dir.to_path_buf(),
    })
}

/// One case's allocations per call: the prefix of its benchmarks' ids, its input's label.
#[derive(Debug, Clone)]
pub(crate) struct Allocations {
    pub prefix: String,
    pub label: Option<String>,
    pub count: f64,
    pub bytes: f64,
}

/// The allocations per call counted for `bench`'s case, if any.
pub(crate) fn allocations_of<'a>(
    bench: &Measured,
    allocations: &'a [Allocations],
) -> Option<&'a Allocations> {
    let belongs = |prefix: &str| bench.id == prefix || bench.id.starts_with(&format!("{prefix}/"));
    allocations
        .iter()
        .find(|a| belongs(&a.prefix) && a.label == bench.value)
}

/// The results file: `{"schema": 1, "cpu": …, "benchmarks": […], "comparisons": […]}` (see
/// the README's "Results file").
#[must_use]
pub(crate) fn to_json(
    measured: &[Measured],
    comparisons: &[super::Comparison],
    counters: &[(String, String)],
    allocations: &[Allocations],
) -> String {
    let benchmarks: Vec<String> = measured
        .iter()
        .map(|bench| {
            let optional = |text: &Option<String>| text.as_deref().map_or("null".into(), quote);
            let throughput = bench.throughput.map_or("null".into(), |(kind, count)| {
                format!("{{\"{kind}\":{count}}}")
            });
            // The function's comparison, when its group holds clones.
            let belongs =
                |prefix: &str| bench.id == prefix || bench.id.starts_with(&format!("{prefix}/"));
            let comparison = comparisons
                .iter()
                .find(|c| belongs(c.id.split("/compare").next().unwrap_or_default()));
            // `v3`, or `power/v3` in a shared group.
            let clone = comparison.and_then(|c| {
                let function = bench.function.as_deref()?;
                let last = function.rsplit('/').next()?;
                let named = |row: &&super::Row| row.name == last || row.name == function;
                c.rows.iter().find(named).map(|row| row.name.to_string())
            });
            let verdicts: Vec<String> = comparison
                .map(|c| c.verdicts.iter().map(|v| quote(&v.text)).collect())
                .unwrap_or_default();
            let counters = counters
                .iter()
                .find(|(prefix, _)| belongs(prefix))
                .map_or("null".into(), |(_, json)| json.clone());
            let allocations = allocations_of(bench, allocations).map_or("null".into(), |a| {
                format!(
                    "{{\"count\":{},\"bytes\":{}}}",
                    number(a.count),
                    number(a.bytes)
                )
            });
            format!(
                "{{\"id\":{},\"group\":{},\"function\":{},\"value\":{},\"clone\":{},\
                 \"median\":{},\"mean\":{},\"criterion_typical\":{},\"throughput\":{},\
                 \"counters_per_call\":{},\
                 \"allocations_per_call\":{},\"verdicts\":[{}]}}",
                quote(&bench.id),
                quote(&bench.group),
                optional(&bench.function),
                optional(&bench.value),
                optional(&clone),
                bench.median.json(),
                bench.mean.json(),
                typical(bench.typical),
                throughput,
                counters,
                allocations,
                verdicts.join(",")
            )
        })
        .collect();
    let comparisons: Vec<String> = comparisons.iter().map(super::Comparison::to_json).collect();
    format!(
        "{{\"schema\":1,\"cpu\":{{\"detected\":{},\"usable\":{},\"compile_time\":{}}},\
         \"benchmarks\":[{}],\"comparisons\":[{}]}}\n",
        quote(&crate::cpu::detected().to_string()),
        quote(&crate::cpu::usable().to_string()),
        quote(&crate::cpu::compile_time().to_string()),
        benchmarks.join(","),
        comparisons.join(",")
    )
}

/// `{"statistic": "slope", "ns": …, "low": …, "high": …}`: criterion's console estimate.
fn typical((interval, statistic): (Interval, &str)) -> String {
    let json = interval.json();
    format!("{{\"statistic\":\"{statistic}\",{}", &json[1..])
}
