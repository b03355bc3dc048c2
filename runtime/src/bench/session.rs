//! One run of the generated benchmarks beyond criterion's own: which clone comparisons the
//! command line asks for, how long they measure, and the results file they end up in.

use std::path::PathBuf;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, println};

use std::time::SystemTime;

use super::compare::{self, Comparison, Contender, Role, SameCode, Sampler, Settings};
use super::results::{self, Allocations};
use super::settings::{Env, Output, option_value};
use super::{Registration, code, profile, verdicts};

/// What the command line asks of the clone comparisons, and their results so far.
#[derive(Debug)]
pub(crate) struct Session {
    /// `--list` and `--profile-time` runs measure no comparison.
    skip: bool,
    /// Criterion's positional filters, compiled once (a filter that is no valid regular
    /// expression matches as a substring), and `--exact`.
    filters: Vec<(String, Option<regex::Regex>)>,
    exact: bool,
    settings: Settings,
    /// Where the results file goes; `None` in test mode.
    results: Option<Output>,
    /// The environment's settings.
    env: Env,
    /// Prints each comparison's table and verdicts as it ends.
    print: bool,
    comparisons: Vec<Comparison>,
    /// With the `counters` feature: each function's counters per call, as a JSON object, by the
    /// prefix of its benchmarks' ids.
    counters: Vec<(String, String)>,
    /// With a counting allocator: each case's allocations and bytes per call.
    allocations: Vec<Allocations>,
    /// Each comparison's clones, for the dispatch profile.
    measured: Vec<profile::Measured>,
}

/// Criterion's options that take a value: their values are no filters.
const WITH_VALUE: [&str; 17] = [
    "--save-baseline",
    "--baseline",
    "--baseline-lenient",
    "--load-baseline",
    "--measurement-time",
    "--warm-up-time",
    "--sample-size",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--profile-time",
    "--format",
    "--color",
    "--plotting-backend",
    "--output-format",
    "-c",
];

impl Session {
    /// From the bench target's command line (criterion's) and the checked environment `env`:
    /// `PERFATTR_COMPARE_TIME` (seconds, default 3, or `--measurement-time`),
    /// `PERFATTR_RESULTS` (the results file), the gate's and the profile's settings.
    #[must_use]
    pub(crate) fn from_args(args: &[String], env: Env) -> Session {
        let has = |flag: &str| args.iter().any(|arg| arg == flag);
        let mut filters = Vec::new();
        // Criterion checks its own option; a value it would refuse is no comparison time.
        let time = env.compare_time.unwrap_or_else(|| {
            option_value(args, "--measurement-time")
                .and_then(|seconds| seconds.parse::<f64>().ok())
                .filter(|seconds| *seconds > 0.0 && *seconds <= 3600.0)
                .map_or(Settings::default().time, std::time::Duration::from_secs_f64)
        });
        let mut skip_next = false;
        for arg in args.iter().skip(1) {
            if skip_next {
                skip_next = false;
            } else if WITH_VALUE.contains(&arg.as_str()) {
                skip_next = true;
            } else if !arg.starts_with('-') {
                filters.push((arg.clone(), regex::Regex::new(arg).ok()));
            }
        }
        // cargo bench passes `--bench`; `cargo test --benches` does not: criterion's test mode.
        let quick = !has("--bench");
        Session {
            skip: has("--list")
                || has("--profile-time")
                || args.iter().any(|a| a.starts_with("--profile-time=")),
            filters,
            exact: has("--exact"),
            settings: Settings {
                time,
                quick,
                ..Settings::default()
            },
            results: (!quick).then(|| env.results.clone()),
            env,
            print: true,
            comparisons: Vec::new(),
            counters: Vec::new(),
            allocations: Vec::new(),
            measured: Vec::new(),
        }
    }

    /// A session that measures every comparison with `settings`, quietly and without a
    /// results file: for [`compare_where`](super::compare_where).
    #[must_use]
    pub(crate) fn quiet(settings: Settings) -> Session {
        Session {
            skip: false,
            filters: Vec::new(),
            exact: false,
            settings,
            results: None,
            env: Env::default(),
            print: false,
            comparisons: Vec::new(),
            counters: Vec::new(),
            allocations: Vec::new(),
            measured: Vec::new(),
        }
    }

    /// The comparisons measured, taken out of the session.
    #[must_use]
    pub(crate) fn into_comparisons(self) -> Vec<Comparison> {
        self.comparisons
    }

    /// Whether the command line asks for the comparison `id`: no filter, or one that matches
    /// it as criterion matches its benchmarks' ids (a regular expression; the whole id with
    /// `--exact`).
    fn wants(&self, id: &str) -> bool {
        !self.skip
            && (self.filters.is_empty()
                || self.filters.iter().any(|(filter, regex)| {
                    if self.exact {
                        id == filter
                    } else {
                        regex
                            .as_ref()
                            .map_or_else(|| id.contains(filter.as_str()), |re| re.is_match(id))
                    }
                }))
    }

    /// Runs `bench`'s comparison, if it has one and the command line asks for it.
    pub(super) fn compare(&mut self, bench: &Registration) {
        if let Some(compare) = bench.compare {
            compare(&mut Compare {
                session: self,
                bench,
            });
        }
    }

    /// Counts `bench`'s allocations per call, case by case, when a [`CountingAllocator`] is
    /// the global allocator (and nothing otherwise), except in `--list` runs.
    ///
    /// [`CountingAllocator`]: super::CountingAllocator
    pub(super) fn probe(&mut self, bench: &Registration) {
        if self.skip || super::alloc::allocations().is_none() {
            return;
        }
        let mut probe = Probe {
            session: self,
            bench,
            lines: Vec::new(),
        };
        (bench.probe)(&mut probe);
        let lines = core::mem::take(&mut probe.lines);
        if !lines.is_empty() {
            println!(
                "perfattr: allocations per call of {}: {}",
                bench.function(),
                lines.join(", ")
            );
        }
    }

    /// Records `prefix`'s counters per call (a JSON object) for the results file.
    #[cfg(feature = "counters")]
    pub(super) fn counted(&mut self, prefix: String, per_call: String) {
        self.counters.push((prefix, per_call));
    }

    /// After criterion's run (started at `start`): writes the results file (see
    /// [`results::to_json`]) and the dispatch profile and says where, then, with
    /// `PERFATTR_GATE=<baseline>`, compares this run's benchmarks with that saved criterion
    /// baseline. Whether the run passes: the files written and the gate passed (or off).
    /// Nothing in test mode.
    #[must_use]
    pub(crate) fn finish(&self, start: SystemTime) -> bool {
        let Some(output) = &self.results else {
            return true;
        };
        let criterion = criterion_dir();
        let (measured, unreadable) = results::measured_since(&criterion, start);
        for problem in &unreadable {
            std::eprintln!("perfattr: left out of the results: {problem}");
        }
        let gate = self.env.gate.as_deref();
        if measured.is_empty() && self.comparisons.is_empty() {
            return gate.is_none_or(|name| {
                super::gate::gate(&criterion, &[], &unreadable, name, self.env.threshold)
            });
        }
        let json = results::to_json(
            &measured,
            &self.comparisons,
            &self.counters,
            &self.allocations,
        );
        let path = match output {
            Output::Stdout => None,
            Output::File(path) => Some(path.clone()),
            Output::Default => Some(criterion.join("perfattr-results.json")),
        };
        let written = match path {
            None => {
                std::print!("{json}");
                true
            }
            Some(path) => match crate::file::write_atomically(&path, json.as_bytes()) {
                Ok(()) => {
                    println!("perfattr: results written to {}", path.display());
                    true
                }
                Err(error) => {
                    std::eprintln!("perfattr: cannot write {}: {error}", path.display());
                    false
                }
            },
        };
        let mut tracked = true;
        for (format, path) in &self.env.tracking {
            let text = format.render(&measured, &self.allocations);
            match crate::file::write_atomically(path, text.as_bytes()) {
                Ok(()) => println!(
                    "perfattr: results for {} written to {}",
                    format.name(),
                    path.display()
                ),
                Err(error) => {
                    std::eprintln!("perfattr: cannot write {}: {error}", path.display());
                    tracked = false;
                }
            }
        }
        let profile_path = self
            .env
            .profile_output
            .clone()
            .unwrap_or_else(|| criterion.join("perfattr-dispatch.json"));
        let profiled = profile::write(&profile_path, &self.measured, profile::now());
        let gated = gate.is_none_or(|name| {
            super::gate::gate(&criterion, &measured, &unreadable, name, self.env.threshold)
        });
        written && tracked && profiled && gated
    }
}

/// Criterion's output directory, which the bench main also gives criterion (so the two agree
/// wherever the bench executable runs): `CRITERION_HOME`, else `<target>/criterion`, the
/// target directory being `CARGO_TARGET_DIR` or the one this bench executable was built in.
pub(crate) fn criterion_dir() -> PathBuf {
    std::env::var_os("CRITERION_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|dir| PathBuf::from(dir).join("criterion"))
        })
        .or_else(|| {
            // <target>/<profile>/deps/<bench executable>
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.join("criterion"))
        })
        .map_or_else(
            || PathBuf::from("target/criterion"),
            |dir| std::path::absolute(&dir).unwrap_or(dir),
        )
}

/// Calls per allocation count: enough that a one-off allocation (a lazily built table) shows
/// as a fraction, few enough to be quick.
const PROBE_CALLS: u64 = 16;

/// The allocation count of one registered function, as its generated code sees it.
#[doc(hidden)]
pub struct Probe<'s> {
    session: &'s mut Session,
    bench: &'s Registration,
    lines: Vec<String>,
}

impl Probe<'_> {
    /// Counts the allocations of [`PROBE_CALLS`] calls of one case, after one call that warms
    /// up (a first call's lazy initialization is not the function's cost per call).
    #[doc(hidden)]
    pub fn case(&mut self, label: Option<&str>, mut sample: Sampler<'_>) {
        // The case's benchmark ids as criterion names them (a multiversioned function's
        // dispatched call included): counted when the command line's filter asks for one.
        let prefix = self.bench.prefix();
        let last = label.unwrap_or(self.bench.name);
        let ids = [
            format!("{prefix}/{last}"),
            format!("{prefix}/dispatched/{last}"),
            prefix.clone(),
        ];
        if !ids.iter().any(|id| self.session.wants(id)) {
            return;
        }
        let _ = sample(1);
        let _ = super::alloc::take_last();
        let _ = sample(PROBE_CALLS);
        let Some((count, bytes)) = super::alloc::take_last() else {
            return;
        };
        #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let (count, bytes) = (
            count as f64 / PROBE_CALLS as f64,
            bytes as f64 / PROBE_CALLS as f64,
        );
        let case = label.map_or_else(String::new, |label| format!("{label}: "));
        self.lines.push(format!("{case}{count} ({bytes} bytes)"));
        self.session.allocations.push(Allocations {
            prefix,
            label: label.map(String::from),
            count,
            bytes,
        });
    }
}

/// The comparison of one registered function, as its generated code sees it.
#[doc(hidden)]
pub struct Compare<'s> {
    session: &'s mut Session,
    bench: &'s Registration,
}

impl Compare<'_> {
    /// Measures one case's contenders side by side (when the command line asks for its id,
    /// `<group>[/<name>]/compare[/<label>]`), prints the table and verdicts, and keeps the
    /// result for the results file. `clones` are the function's targets, best first: the first
    /// this CPU allows is the one dispatch selects.
    #[doc(hidden)]
    pub fn case(
        &mut self,
        clones: &[&'static str],
        label: Option<&str>,
        contenders: Vec<Contender<'_>>,
    ) {
        let mut id = format!("{}/compare", self.bench.prefix());
        if let Some(label) = label {
            id = format!("{id}/{label}");
        }
        if !self.session.wants(&id) {
            return;
        }
        let function = self.bench.function();
        let entry = crate::dispatch::named(function);
        let (selected, chosen_by) = entry.map_or_else(
            || {
                let rank = clones
                    .iter()
                    .copied()
                    .find(|clone| crate::dispatch::target_features(clone).is_some());
                (rank.unwrap_or("fallback"), "rank")
            },
            |entry| {
                let (index, why) = entry.decide();
                (entry.clone_name(index), crate::report::chosen_by(&why))
            },
        );
        let same_code = entry.map(same_code).unwrap_or_default();
        let mut contenders = contenders;
        contenders.retain(|c| {
            !matches!(c.role(), Role::Clone | Role::Fallback)
                || !same_code.iter().any(|group| group.also.contains(&c.name()))
        });
        let settings = self.session.settings;
        let measured_as = compare::measured_as(selected, &same_code);
        let samples = compare::measure(measured_as, contenders, settings);
        if let (Some(entry), false) = (entry, settings.quick) {
            let case = profile::case(label, &samples.contenders, &samples.times, &same_code);
            if let Some(case) = case {
                self.session.measured.push(profile::Measured {
                    function: function.to_string(),
                    clones: entry.clone_names().map(String::from).collect(),
                    case,
                });
            }
        }
        let comparison = verdicts::summarize_dispatch(compare::Parts {
            id,
            function: function.to_string(),
            selected,
            chosen_by,
            same_code,
            contenders: &samples.contenders,
            times: &samples.times,
            iters: samples.iters,
            quick: settings.quick,
        });
        if self.session.print {
            println!("{}", comparison.to_text());
        }
        self.session.comparisons.push(comparison);
    }
}

/// The clones of `entry` with identical machine code: each group measured once, as its clone
/// needing the fewest features (the last in rank order, the fallback if it is one of them).
fn same_code(entry: &crate::dispatch::Entry) -> Vec<SameCode> {
    let addresses: Vec<*const ()> = entry.code.iter().map(|code| code.0).collect();
    code::identical(&addresses)
        .into_iter()
        .filter_map(|group| {
            let (&last, others) = group.split_last()?;
            Some(SameCode {
                measured: entry.clone_name(last),
                also: others.iter().map(|&i| entry.clone_name(i)).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Env, Session};
    use std::string::String;
    use std::vec::Vec;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn filters_skip_option_values_and_list_runs_compare_nothing() {
        let from_args = |line: &str| Session::from_args(&args(line), Env::default());
        let session =
            from_args("bench --bench --measurement-time 2 --save-baseline main sum/compare");
        assert_eq!(session.filters.len(), 1);
        assert_eq!(session.filters[0].0, "sum/compare");
        assert!(session.wants("app::sum/compare/4096"));
        assert!(!session.wants("app::dot/compare"));
        let either = from_args("bench --bench sum|dot/compare");
        assert!(either.wants("app::dot/compare") && either.wants("app::sum/compare/1"));
        assert_eq!(session.settings.time.as_secs(), 2);
        assert!(!session.settings.quick && session.results.is_some());
        let exact = from_args("bench --bench --exact app::sum/compare");
        assert!(exact.wants("app::sum/compare") && !exact.wants("app::sum/compare/1"));
        assert!(!from_args("bench --bench --list").wants("x/compare"));
        let test_mode = from_args("bench");
        assert!(test_mode.settings.quick && test_mode.results.is_none());
        assert!(test_mode.wants("x/compare"));
    }
}
