//! The run's results beyond the terminal: every benchmark criterion measured in this run (read
//! back from criterion's own files), with its function's clone comparison and verdicts, in one
//! JSON file; and the regression gate, which compares them with a saved criterion baseline.
//!
//! Criterion keeps each benchmark's latest estimates in `<criterion>/<benchmark>/new/` and,
//! with `--save-baseline NAME`, a copy in `<criterion>/<benchmark>/NAME/`. A benchmark belongs to
//! this run when its `new/estimates.json` was written after the run started.

use core::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::time::SystemTime;
use std::vec::Vec;
use std::{format, println};

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
    fn from_json(value: &Value) -> Option<Interval> {
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
    /// `("bytes" | "elements", per iteration)`.
    pub throughput: Option<(&'static str, u64)>,
    /// Where criterion keeps it: `<criterion>/<its directories>`.
    pub dir: PathBuf,
}

/// Every benchmark under `criterion` (criterion's output directory) whose estimates were
/// written at or after `since`, by id.
#[must_use]
pub(crate) fn measured_since(criterion: &Path, since: SystemTime) -> Vec<Measured> {
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
                let estimates = path.join("estimates.json");
                let fresh = std::fs::metadata(&estimates)
                    .and_then(|meta| meta.modified())
                    .is_ok_and(|modified| modified >= since);
                if fresh {
                    found.extend(read(&dir));
                }
            } else if path.file_name().is_none_or(|name| name != "report") {
                stack.push(path);
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

fn json_file(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// The benchmark in `dir` (which holds `new/`).
fn read(dir: &Path) -> Option<Measured> {
    let benchmark = json_file(&dir.join("new/benchmark.json"))?;
    let estimates = json_file(&dir.join("new/estimates.json"))?;
    let text = |key: &str| benchmark[key].as_str().map(String::from);
    let throughput = benchmark["throughput"].as_object().and_then(|kinds| {
        let (kind, count) = kinds.iter().next()?;
        let kind = match kind.as_str() {
            "Bytes" | "BytesDecimal" => "bytes",
            "Elements" => "elements",
            _ => return None,
        };
        Some((kind, count.as_u64()?))
    });
    Some(Measured {
        id: text("full_id")?,
        group: text("group_id")?,
        function: text("function_id"),
        value: text("value_str"),
        median: Interval::from_json(&estimates["median"])?,
        mean: Interval::from_json(&estimates["mean"])?,
        throughput,
        dir: dir.to_path_buf(),
    })
}

impl Measured {
    /// Its median in the saved criterion baseline `name`, if there is one.
    #[must_use]
    pub(crate) fn baseline(&self, name: &str) -> Option<Interval> {
        let estimates = json_file(&self.dir.join(name).join("estimates.json"))?;
        Interval::from_json(&estimates["median"])
    }
}

/// A benchmark slower than its baseline: its median's interval lies above the baseline's by
/// more than the threshold.
#[derive(Clone, Debug)]
pub(crate) struct Regression {
    pub id: String,
    pub baseline: Interval,
    pub now: Interval,
}

/// The benchmarks of `measured` that regressed against baseline `name` by more than
/// `threshold` (0.05: 5%) beyond the noise (the low end of the new median's interval above the
/// high end of the baseline's, times `1 + threshold`), and the ids that have no such baseline.
#[must_use]
pub(crate) fn regressions(
    measured: &[Measured],
    name: &str,
    threshold: f64,
) -> (Vec<Regression>, Vec<String>) {
    let mut slower = Vec::new();
    let mut missing = Vec::new();
    for bench in measured {
        match bench.baseline(name) {
            Some(baseline) if bench.median.low > baseline.high * (1.0 + threshold) => {
                slower.push(Regression {
                    id: bench.id.clone(),
                    baseline,
                    now: bench.median,
                });
            }
            Some(_) => {}
            None => missing.push(bench.id.clone()),
        }
    }
    (slower, missing)
}

/// The table the gate prints.
#[must_use]
pub(crate) fn regression_table(name: &str, threshold: f64, slower: &[Regression]) -> String {
    let width = slower.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut text = format!(
        "perfattr: {} benchmark(s) slower than baseline \"{name}\" by more than {:.0}% beyond \
         the noise (medians, 95% intervals):\n",
        slower.len(),
        threshold * 100.0
    );
    for r in slower {
        let _ = writeln!(
            text,
            "  {:<width$}  {:>10.1} ns [{:.1}, {:.1}]  ->  {:>10.1} ns [{:.1}, {:.1}]  {:.2}x",
            r.id,
            r.baseline.point,
            r.baseline.low,
            r.baseline.high,
            r.now.point,
            r.now.low,
            r.now.high,
            r.now.point / r.baseline.point
        );
    }
    text
}

/// One case's allocations per call: the prefix of its benchmarks' ids, its input's label.
#[derive(Debug, Clone)]
pub(crate) struct Allocations {
    pub prefix: String,
    pub label: Option<String>,
    pub count: f64,
    pub bytes: f64,
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
            let allocations = allocations
                .iter()
                .find(|a| belongs(&a.prefix) && a.label == bench.value)
                .map_or("null".into(), |a| {
                    format!(
                        "{{\"count\":{},\"bytes\":{}}}",
                        number(a.count),
                        number(a.bytes)
                    )
                });
            format!(
                "{{\"id\":{},\"group\":{},\"function\":{},\"value\":{},\"clone\":{},\
                 \"median\":{},\"mean\":{},\"throughput\":{},\"counters_per_call\":{},\
                 \"allocations_per_call\":{},\"verdicts\":[{}]}}",
                quote(&bench.id),
                quote(&bench.group),
                optional(&bench.function),
                optional(&bench.value),
                optional(&clone),
                bench.median.json(),
                bench.mean.json(),
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

/// Prints the gate's verdict for `measured` against `PERFATTR_GATE`'s baseline; whether the run
/// passes.
#[must_use]
pub(crate) fn gate(measured: &[Measured], name: &str, threshold: f64) -> bool {
    let (slower, missing) = regressions(measured, name, threshold);
    if !missing.is_empty() {
        println!(
            "perfattr: {} benchmark(s) have no baseline \"{name}\" (save one with \
             `cargo bench -- --save-baseline {name}`): {}",
            missing.len(),
            missing.join(", ")
        );
    }
    if slower.is_empty() {
        println!(
            "perfattr: no benchmark is slower than baseline \"{name}\" by more than {:.0}% \
             beyond the noise ({} compared)",
            threshold * 100.0,
            measured.len() - missing.len()
        );
        true
    } else {
        println!("{}", regression_table(name, threshold, &slower));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::{Interval, Measured, regressions};
    use std::string::String;

    fn interval(point: f64) -> Interval {
        Interval {
            point,
            low: point * 0.98,
            high: point * 1.02,
        }
    }

    #[test]
    fn a_benchmark_regresses_when_its_interval_clears_the_baselines_by_the_threshold() {
        let dir = std::env::temp_dir().join(std::format!("perfattr-gate-{}", std::process::id()));
        let write = |name: &str, ns: f64| {
            std::fs::create_dir_all(dir.join(name)).unwrap();
            let estimate = std::format!(
                "{{\"point_estimate\":{ns},\"confidence_interval\":{{\"lower_bound\":{},\"upper_bound\":{}}}}}",
                ns * 0.98,
                ns * 1.02
            );
            std::fs::write(
                dir.join(name).join("estimates.json"),
                std::format!("{{\"median\":{estimate},\"mean\":{estimate}}}"),
            )
            .unwrap();
        };
        write("main", 100.0);
        let bench = |ns: f64| Measured {
            id: String::from("g/f/1"),
            group: String::from("g"),
            function: None,
            value: None,
            median: interval(ns),
            mean: interval(ns),
            throughput: None,
            dir: dir.clone(),
        };
        // 110 ns: its low end (107.8) is not above 102 × 1.05 = 107.1? It is: a regression.
        assert_eq!(regressions(&[bench(110.0)], "main", 0.05).0.len(), 1);
        // 106 ns: within 5% beyond the noise.
        assert!(regressions(&[bench(106.0)], "main", 0.05).0.is_empty());
        // No baseline of that name: reported as missing, not as slower.
        let (slower, missing) = regressions(&[bench(500.0)], "other", 0.05);
        assert!(slower.is_empty() && missing == ["g/f/1"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
