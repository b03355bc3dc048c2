//! The bench run's environment settings, each read and checked once before anything runs: a
//! bad value is one line naming the variable, the value and what is accepted, and the run
//! stops (a benchmark run measured with a setting other than the one asked for, or a gate that
//! quietly compares nothing, would be silently wrong). The README's "Environment variables"
//! lists them.

use std::ffi::OsString;
use std::format;
use std::path::PathBuf;
use std::string::{String, ToString};
use std::time::Duration;
use std::vec::Vec;

use super::tracking::Format;

/// Where the results file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Output {
    /// `perfattr-results.json` in criterion's directory.
    Default,
    /// `PERFATTR_RESULTS=-`: standard output.
    Stdout,
    File(PathBuf),
}

/// The `PERFATTR_*` settings of a bench run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Env {
    /// `PERFATTR_COMPARE_TIME`: each comparison's measuring time.
    pub compare_time: Option<Duration>,
    /// `PERFATTR_RESULTS`.
    pub results: Output,
    /// `PERFATTR_PROFILE_OUTPUT`: the dispatch profile's file.
    pub profile_output: Option<PathBuf>,
    /// `PERFATTR_GATE`: the baseline the regression gate compares with.
    pub gate: Option<String>,
    /// `PERFATTR_GATE_THRESHOLD`, as a fraction (0.05 for the default 5%).
    pub threshold: f64,
    /// `PERFATTR_TRACKING`: the results again in tracking tools' formats, each to its file.
    pub tracking: Vec<(Format, PathBuf)>,
}

impl Default for Env {
    fn default() -> Env {
        Env {
            compare_time: None,
            results: Output::Default,
            profile_output: None,
            gate: None,
            threshold: 0.05,
            tracking: Vec::new(),
        }
    }
}

/// What each setting accepts, as its error says.
const TIME: &str = "a number of seconds above 0 and at most 3600, such as 3 or 0.5 \
    (default: criterion's --measurement-time, else 3)";
const THRESHOLD: &str = "a percentage from 0 to 1000, such as 5 or 5% (default 5)";
const GATE: &str = "the name of a baseline saved with `cargo bench -- --save-baseline \
    <name>` (empty or unset: no gate)";

/// The longest comparison time accepted, in seconds (an hour per comparison).
const MAX_COMPARE_SECONDS: f64 = 3600.0;

impl Env {
    /// The settings in this process's environment, checked against the command line `args`
    /// (criterion's): every problem, one line each.
    pub(crate) fn from_env(args: &[String]) -> Result<Env, Vec<String>> {
        Env::from_vars(args, |name| std::env::var_os(name))
    }

    /// The settings `var` gives (a test passes its own environment).
    pub(crate) fn from_vars(
        args: &[String],
        var: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Env, Vec<String>> {
        let mut problems = Vec::new();
        let mut env = Env::default();
        let mut text = |name: &str, accepted: &str| -> Option<String> {
            let value = var(name)?;
            match value.into_string() {
                Ok(text) => Some(text),
                Err(value) => {
                    problems.push(bad(name, &value.to_string_lossy(), accepted));
                    None
                }
            }
        };
        let time = text("PERFATTR_COMPARE_TIME", TIME);
        let threshold = text("PERFATTR_GATE_THRESHOLD", THRESHOLD);
        let gate = text("PERFATTR_GATE", GATE);
        if let Some(time) = time {
            match time.trim().parse::<f64>() {
                Ok(seconds) if seconds > 0.0 && seconds <= MAX_COMPARE_SECONDS => {
                    env.compare_time = Some(Duration::from_secs_f64(seconds));
                }
                _ => problems.push(bad("PERFATTR_COMPARE_TIME", &time, TIME)),
            }
        }
        if let Some(threshold) = threshold {
            let trimmed = threshold.trim();
            let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
            match number.parse::<f64>() {
                Ok(percent) if (0.0..=1000.0).contains(&percent) => {
                    env.threshold = percent / 100.0;
                }
                _ => problems.push(bad("PERFATTR_GATE_THRESHOLD", &threshold, THRESHOLD)),
            }
        }
        if let Some(gate) = gate.filter(|gate| !gate.is_empty()) {
            let saved = saved_baseline(args);
            if gate == "new" || gate == "change" || gate == "report" {
                problems.push(format!(
                    "perfattr: PERFATTR_GATE={gate:?} is not accepted: `{gate}` is criterion's \
                     own directory, not a baseline; accepted: {GATE}"
                ));
            } else if saved.as_deref() == Some(gate.as_str()) {
                problems.push(format!(
                    "perfattr: PERFATTR_GATE={gate:?} is not accepted: this run saves its \
                     results as baseline \"{gate}\" (criterion's default is \"base\"), so it \
                     would compare the run with itself; save under another name \
                     (`-- --save-baseline <other>`) or gate against an older baseline"
                ));
            } else {
                env.gate = Some(gate);
            }
        }
        match var("PERFATTR_RESULTS") {
            None => {}
            Some(value) if value == "-" => env.results = Output::Stdout,
            Some(value) if value.is_empty() => problems.push(bad(
                "PERFATTR_RESULTS",
                "",
                "a file path, or - for standard output (unset: perfattr-results.json in \
                 criterion's directory)",
            )),
            Some(value) => env.results = Output::File(value.into()),
        }
        match var("PERFATTR_PROFILE_OUTPUT") {
            None => {}
            Some(value) if value.is_empty() || value == "-" => problems.push(bad(
                "PERFATTR_PROFILE_OUTPUT",
                &value.to_string_lossy(),
                "a file path: the run's measurements are merged into the profile there \
                 (unset: perfattr-dispatch.json in criterion's directory)",
            )),
            Some(value) => env.profile_output = Some(value.into()),
        }
        if let Some(value) = var("PERFATTR_TRACKING") {
            let value = value.to_string_lossy().into_owned();
            match tracking(&value) {
                Ok(files) => env.tracking = files,
                Err(why) => problems.push(format!(
                    "perfattr: PERFATTR_TRACKING={value:?} is not accepted ({why}); accepted: \
                     `bencher:<path>` (Bencher's metric format), `github-action-benchmark:<path>` \
                     (its customSmallerIsBetter), or both, comma-separated"
                )),
            }
        }
        if problems.is_empty() {
            Ok(env)
        } else {
            Err(problems)
        }
    }
}

/// `bencher:a.json,github-action-benchmark:b.json`: each format once, each with a path.
fn tracking(value: &str) -> Result<Vec<(Format, PathBuf)>, String> {
    let mut files: Vec<(Format, PathBuf)> = Vec::new();
    for entry in value.split(',') {
        let (name, path) = entry
            .split_once(':')
            .ok_or_else(|| format!("`{entry}` names no format"))?;
        let format = Format::NAMES
            .iter()
            .find(|(known, _)| *known == name.trim())
            .map(|(_, format)| *format)
            .ok_or_else(|| format!("unknown format `{name}`"))?;
        if path.is_empty() {
            return Err(format!("`{name}` has no path"));
        }
        if files.iter().any(|(seen, _)| *seen == format) {
            return Err(format!("`{name}` is given twice"));
        }
        files.push((format, path.into()));
    }
    Ok(files)
}

fn bad(name: &str, value: &str, accepted: &str) -> String {
    format!("perfattr: {name}={value:?} is not accepted; accepted: {accepted}")
}

/// The value criterion's command line `args` give option `flag`: `--flag value` or
/// `--flag=value`.
pub(crate) fn option_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == flag)
        .and_then(|at| args.get(at + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|arg| arg.strip_prefix(&format!("{flag}=")).map(String::from))
        })
}

/// The baseline criterion saves this run's results as: `--save-baseline <name>`, none when the
/// run compares with one (`--baseline`, `--baseline-lenient`, `--load-baseline`) or discards
/// (`--discard-baseline`), else `base`.
fn saved_baseline(args: &[String]) -> Option<String> {
    let has = |flag: &str| {
        args.iter()
            .any(|arg| arg == flag || arg.starts_with(&format!("{flag}=")))
    };
    if let Some(name) = option_value(args, "--save-baseline") {
        return Some(name);
    }
    let compares = [
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--discard-baseline",
    ];
    (!compares.iter().any(|flag| has(flag))).then(|| "base".to_string())
}

#[cfg(test)]
mod tests {
    use super::{Env, Output};
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt as _;
    use std::string::{String, ToString};
    use std::time::Duration;
    use std::vec::Vec;

    fn env(args: &str, vars: &[(&str, &str)]) -> Result<Env, Vec<String>> {
        let args: Vec<String> = args.split_whitespace().map(String::from).collect();
        Env::from_vars(&args, |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    fn problem(args: &str, vars: &[(&str, &str)]) -> String {
        let problems = env(args, vars).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems[0].clone()
    }

    #[test]
    fn good_values_are_read_and_unset_ones_are_the_defaults() {
        assert_eq!(env("bench --bench", &[]).unwrap(), Env::default());
        let read = env(
            "bench --bench --save-baseline after",
            &[
                ("PERFATTR_COMPARE_TIME", "0.5"),
                ("PERFATTR_GATE_THRESHOLD", "7.5%"),
                ("PERFATTR_GATE", "main"),
                ("PERFATTR_RESULTS", "-"),
                ("PERFATTR_PROFILE_OUTPUT", "out/profile.json"),
            ],
        )
        .unwrap();
        assert_eq!(read.compare_time, Some(Duration::from_millis(500)));
        assert!((read.threshold - 0.075).abs() < 1e-12);
        assert_eq!(read.gate.as_deref(), Some("main"));
        assert_eq!(read.results, Output::Stdout);
        assert_eq!(
            read.profile_output.unwrap().to_str(),
            Some("out/profile.json")
        );
        // An empty PERFATTR_GATE is no gate.
        assert_eq!(env("bench", &[("PERFATTR_GATE", "")]).unwrap().gate, None);
    }

    #[test]
    fn bad_values_are_one_line_each_naming_the_variable_value_and_what_is_accepted() {
        for value in ["0", "-1", "NaN", "abc", "1e300", "inf"] {
            let line = problem("bench", &[("PERFATTR_COMPARE_TIME", value)]);
            assert!(
                line.starts_with(&std::format!("perfattr: PERFATTR_COMPARE_TIME=\"{value}\""))
                    && line.contains("at most 3600"),
                "{line}"
            );
        }
        for value in ["abc", "-5", "5%%", ""] {
            let line = problem("bench", &[("PERFATTR_GATE_THRESHOLD", value)]);
            assert!(line.contains("a percentage from 0 to 1000"), "{line}");
        }
        assert!(problem("bench", &[("PERFATTR_RESULTS", "")]).contains("- for standard output"));
        assert!(problem("bench", &[("PERFATTR_PROFILE_OUTPUT", "-")]).contains("merged"));
        let both = env(
            "bench",
            &[
                ("PERFATTR_COMPARE_TIME", "x"),
                ("PERFATTR_GATE_THRESHOLD", "y"),
            ],
        )
        .unwrap_err();
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn tracking_formats_are_read_each_with_its_file_and_bad_ones_refused() {
        use super::Format;
        let read = env(
            "bench",
            &[(
                "PERFATTR_TRACKING",
                "bencher:out/bmf.json,github-action-benchmark:out/gab.json",
            )],
        )
        .unwrap();
        let files: Vec<(Format, Option<&str>)> = read
            .tracking
            .iter()
            .map(|(format, path)| (*format, path.to_str()))
            .collect();
        assert_eq!(
            files,
            [
                (Format::Bencher, Some("out/bmf.json")),
                (Format::GithubActionBenchmark, Some("out/gab.json"))
            ]
        );
        for (value, why) in [
            ("bmf.json", "names no format"),
            ("criterion:x.json", "unknown format `criterion`"),
            ("bencher:", "has no path"),
            ("bencher:a,bencher:b", "is given twice"),
        ] {
            let line = problem("bench", &[("PERFATTR_TRACKING", value)]);
            assert!(
                line.starts_with("perfattr: PERFATTR_TRACKING=") && line.contains(why),
                "{line}"
            );
        }
    }

    #[test]
    fn a_gate_that_would_compare_the_run_with_itself_is_refused() {
        let line = problem("bench --bench", &[("PERFATTR_GATE", "new")]);
        assert!(line.contains("criterion's own directory"), "{line}");
        // Criterion saves every run as `base` unless told otherwise.
        let line = problem("bench --bench", &[("PERFATTR_GATE", "base")]);
        assert!(line.contains("compare the run with itself"), "{line}");
        let line = problem("bench --save-baseline=main", &[("PERFATTR_GATE", "main")]);
        assert!(line.contains("compare the run with itself"), "{line}");
        assert!(env("bench --baseline base", &[("PERFATTR_GATE", "base")]).is_ok());
        assert!(env("bench --save-baseline pr", &[("PERFATTR_GATE", "main")]).is_ok());
    }

    #[test]
    fn a_gate_name_that_is_not_utf8_is_refused_not_ignored() {
        let args: Vec<String> = std::vec!["bench".to_string()];
        let problems = Env::from_vars(&args, |name| {
            (name == "PERFATTR_GATE").then(|| OsString::from_vec(std::vec![b'm', 0xff]))
        })
        .unwrap_err();
        assert!(
            problems[0].starts_with("perfattr: PERFATTR_GATE=\"m"),
            "{problems:?}"
        );
    }
}
