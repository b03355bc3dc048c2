//! The regression gate (`PERFATTR_GATE=<baseline>`): compares this run's benchmarks with a
//! criterion baseline saved earlier (`<criterion>/<benchmark>/<baseline>/estimates.json`) and
//! fails the run when one got slower beyond the noise. It fails closed: a baseline name no
//! benchmark has, a measured benchmark without a readable baseline, unreadable results of this
//! run, or a run that measured nothing are errors, never a pass.

use core::fmt::Write as _;
use std::collections::BTreeSet;
use std::path::Path;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{eprintln, format, println};

use super::results::{Interval, Measured, benchmark_dirs, json_file};

/// A benchmark slower than its baseline: its median's interval lies above the baseline's by
/// more than the threshold.
#[derive(Clone, Debug)]
pub(crate) struct Regression {
    pub id: String,
    pub baseline: Interval,
    pub now: Interval,
}

impl Measured {
    /// Its median in the saved criterion baseline `name`, or what is wrong with that file.
    pub(crate) fn baseline(&self, name: &str) -> Result<Interval, String> {
        let file = self.dir.join(name).join("estimates.json");
        let estimates = json_file(&file)?;
        Interval::from_json(&estimates["median"])
            .ok_or_else(|| format!("{} has no median estimate: not criterion's", file.display()))
    }
}

/// The benchmarks of `measured` that regressed against baseline `name` by more than
/// `threshold` (0.05: 5%) beyond the noise (the low end of the new median's interval above the
/// high end of the baseline's, times `1 + threshold`), and a line for each benchmark whose
/// baseline file is missing or unreadable.
#[must_use]
pub(crate) fn regressions(
    measured: &[Measured],
    name: &str,
    threshold: f64,
) -> (Vec<Regression>, Vec<String>) {
    let mut slower = Vec::new();
    let mut problems = Vec::new();
    for bench in measured {
        match bench.baseline(name) {
            Ok(baseline) if bench.median.low > baseline.high * (1.0 + threshold) => {
                slower.push(Regression {
                    id: bench.id.clone(),
                    baseline,
                    now: bench.median,
                });
            }
            Ok(_) => {}
            Err(problem) => problems.push(format!("{}: {problem}", bench.id)),
        }
    }
    (slower, problems)
}

/// The baselines saved under `criterion`: every benchmark's directories but criterion's own.
#[must_use]
pub(crate) fn baselines(criterion: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for dir in benchmark_dirs(criterion) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !["new", "change", "report"].contains(&name.as_str()) {
                names.insert(name);
            }
        }
    }
    names
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

/// Prints the gate's verdict for `measured` (found under `criterion`; `unreadable` are this
/// run's results that could not be read) against baseline `name`; whether the run passes.
#[must_use]
pub(crate) fn gate(
    criterion: &Path,
    measured: &[Measured],
    unreadable: &[String],
    name: &str,
    threshold: f64,
) -> bool {
    let fail = |why: String| {
        eprintln!("perfattr: the gate (PERFATTR_GATE={name:?}) fails: {why}");
        false
    };
    if !unreadable.is_empty() {
        return fail(format!(
            "this run's results cannot be read:\n  {}",
            unreadable.join("\n  ")
        ));
    }
    if measured.is_empty() {
        return fail(format!(
            "it compared nothing: no benchmark's results were written under {} since this run \
             started (criterion's directory: CRITERION_HOME, else CARGO_TARGET_DIR/criterion, \
             else `criterion` in this executable's target directory)",
            criterion.display()
        ));
    }
    let saved = baselines(criterion);
    if !saved.contains(name) {
        let known: Vec<&str> = saved.iter().map(String::as_str).collect();
        return fail(format!(
            "no benchmark under {} has a baseline named \"{name}\"; baselines there: {} (save \
             one with `cargo bench -- --save-baseline {name}`)",
            criterion.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    let (slower, problems) = regressions(measured, name, threshold);
    if !problems.is_empty() {
        return fail(format!(
            "{} benchmark(s) measured now have no usable baseline \"{name}\" (save it again \
             with `cargo bench -- --save-baseline {name}`):\n  {}",
            problems.len(),
            problems.join("\n  ")
        ));
    }
    if slower.is_empty() {
        println!(
            "perfattr: no benchmark is slower than baseline \"{name}\" by more than {:.0}% \
             beyond the noise ({} compared)",
            threshold * 100.0,
            measured.len()
        );
        true
    } else {
        println!("{}", regression_table(name, threshold, &slower));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::{Interval, Measured, gate, regressions};
    use std::path::Path;
    use std::string::String;

    fn interval(point: f64) -> Interval {
        Interval {
            point,
            low: point * 0.98,
            high: point * 1.02,
        }
    }

    fn write_estimates(dir: &Path, ns: f64) {
        std::fs::create_dir_all(dir).unwrap();
        let estimate = std::format!(
            "{{\"point_estimate\":{ns},\"confidence_interval\":{{\"lower_bound\":{},\"upper_bound\":{}}}}}",
            ns * 0.98,
            ns * 1.02
        );
        std::fs::write(
            dir.join("estimates.json"),
            std::format!("{{\"median\":{estimate},\"mean\":{estimate}}}"),
        )
        .unwrap();
    }

    fn bench(dir: &Path, ns: f64) -> Measured {
        Measured {
            id: String::from("g/f/1"),
            group: String::from("g"),
            function: None,
            value: None,
            median: interval(ns),
            mean: interval(ns),
            typical: (interval(ns), "mean"),
            throughput: None,
            dir: dir.to_path_buf(),
        }
    }

    #[test]
    fn a_benchmark_regresses_when_its_interval_clears_the_baselines_by_the_threshold() {
        let dir = std::env::temp_dir().join(std::format!("perfattr-gate-{}", std::process::id()));
        write_estimates(&dir.join("main"), 100.0);
        // 110 ns: its low end (107.8) is above 102 × 1.05 = 107.1: a regression.
        assert_eq!(regressions(&[bench(&dir, 110.0)], "main", 0.05).0.len(), 1);
        // 106 ns: within 5% beyond the noise.
        assert!(
            regressions(&[bench(&dir, 106.0)], "main", 0.05)
                .0
                .is_empty()
        );
        // No baseline of that name: a problem naming the file, not a pass.
        let (slower, problems) = regressions(&[bench(&dir, 500.0)], "other", 0.05);
        assert!(slower.is_empty() && problems.len() == 1, "{problems:?}");
        assert!(problems[0].contains("other/estimates.json"), "{problems:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_gate_fails_closed() {
        let criterion =
            std::env::temp_dir().join(std::format!("perfattr-closed-{}", std::process::id()));
        let dir = criterion.join("g/f/1");
        write_estimates(&dir.join("new"), 100.0);
        write_estimates(&dir.join("main"), 100.0);
        let now = [bench(&dir, 100.0)];
        assert!(gate(&criterion, &now, &[], "main", 0.05));
        // A misspelled baseline, nothing measured, unreadable results: each fails.
        assert!(!gate(&criterion, &now, &[], "mian", 0.05));
        assert!(!gate(&criterion, &[], &[], "main", 0.05));
        assert!(!gate(
            &criterion,
            &now,
            &[String::from("bad")],
            "main",
            0.05
        ));
        // A corrupt, truncated or empty baseline file fails, naming it.
        for corrupt in ["", "{", "{}"] {
            std::fs::write(dir.join("main/estimates.json"), corrupt).unwrap();
            assert!(!gate(&criterion, &now, &[], "main", 0.05), "{corrupt:?}");
            let (_, problems) = regressions(&now, "main", 0.05);
            assert!(problems[0].contains("main/estimates.json"), "{problems:?}");
        }
        std::fs::remove_dir_all(&criterion).unwrap();
    }
}
