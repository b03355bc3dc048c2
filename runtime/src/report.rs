//! Introspection: every multiversioned function, its targets, and the clone this process
//! selected. Prints as an aligned table; [`DispatchReport::to_json`] serves tools.
//!
//! ```
//! let report = perfattr::report::dispatch();
//! println!("{report}");
//! assert!(report.to_json().starts_with("{\"functions\":["));
//! ```

use std::fmt::{self, Write as _};
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use crate::dispatch::MULTIVERSIONED;

/// The dispatch state of the whole program.
///
/// ```
/// let report = perfattr::report::dispatch();
/// for function in &report.functions {
///     println!("{} runs {}", function.name, function.selected);
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchReport {
    /// The features dispatch used (`perfattr::cpu::active()`).
    pub active: String,
    /// One row per multiversioned function, by name.
    pub functions: Vec<FunctionDispatch>,
}

/// One multiversioned function.
///
/// ```
/// #[perfattr::multiversion(avx2, sse4)]
/// fn total(values: &[u32]) -> u32 {
///     values.iter().sum()
/// }
///
/// # assert_eq!(total(&[1]), 1);
/// let report = perfattr::report::dispatch();
/// let row = report.functions.iter().find(|f| f.name.ends_with("::total")).unwrap();
/// assert_eq!(row.targets.last(), Some(&"fallback"));
/// assert!(row.targets.contains(&row.selected));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDispatch {
    /// `module::path::function`.
    pub name: &'static str,
    /// `file:line`.
    pub location: &'static str,
    /// Its targets for this architecture, best first, then `"fallback"`.
    pub targets: Vec<&'static str>,
    /// The clone that runs: one of `targets`.
    pub selected: &'static str,
    /// How it was chosen: `"compile time"` (no dispatch), `"pointer"` (cached function
    /// pointer) or `"feature set"` (generic function: a check per call).
    pub dispatch: &'static str,
}

/// Collects the report for this process.
///
/// ```
/// println!("{}", perfattr::report::dispatch());
/// ```
#[must_use]
pub fn dispatch() -> DispatchReport {
    let mut functions: Vec<FunctionDispatch> = MULTIVERSIONED
        .iter()
        .map(|entry| {
            let mut targets: Vec<&'static str> = entry.targets.iter().map(|t| t.name).collect();
            targets.push("fallback");
            let index = entry.compile_time.unwrap_or_else(|| entry.select());
            let dispatch = match (entry.compile_time, entry.slot) {
                (Some(_), _) => "compile time",
                (None, Some(_)) => "pointer",
                (None, None) => "feature set",
            };
            FunctionDispatch {
                name: entry.name,
                location: entry.location,
                selected: targets[index],
                targets,
                dispatch,
            }
        })
        .collect();
    functions.sort_by(|a, b| a.name.cmp(b.name));
    DispatchReport {
        active: crate::cpu::active().to_string(),
        functions,
    }
}

impl fmt::Display for DispatchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "active CPU features: {}", self.active)?;
        let rows: Vec<[String; 4]> = self
            .functions
            .iter()
            .map(|row| {
                [
                    row.name.into(),
                    row.selected.into(),
                    row.targets.join(" > "),
                    row.dispatch.into(),
                ]
            })
            .collect();
        let header = ["function", "selected", "targets", "dispatch"].map(String::from);
        table(f, &header, &rows)
    }
}

impl DispatchReport {
    /// The report as JSON: `{"active": "...", "functions": [{"name": ..., ...}]}`.
    ///
    /// ```
    /// let json = perfattr::report::dispatch().to_json();
    /// assert!(json.starts_with("{\"functions\":[") && json.ends_with('}'));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut json = String::from("{\"functions\":[");
        for (i, row) in self.functions.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let targets: Vec<String> = row.targets.iter().map(|t| quote(t)).collect();
            let _ = write!(
                json,
                "{{\"name\":{},\"location\":{},\"targets\":[{}],\"selected\":{},\"dispatch\":{}}}",
                quote(row.name),
                quote(row.location),
                targets.join(","),
                quote(row.selected),
                quote(row.dispatch),
            );
        }
        let _ = write!(json, "],\"active\":{}}}", quote(&self.active));
        json
    }
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(quoted, "\\u{:04x}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
/// What a site counts.
///
/// ```
/// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
/// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
/// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
/// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
/// #     flagged: false, verdict: String::new(),
/// # };
/// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
/// # // on 25 of its 100 calls.
/// # let counts = CounterReport {
/// #     sites: vec![
/// #         row(Kind::Hot, "parse", 100, None),
/// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
/// #         row(Kind::Named, "cache_miss", 3, None),
/// #     ],
/// #     thresholds: Thresholds::default(),
/// # }
/// # .with_thresholds(Thresholds::default());
/// assert_eq!(counts.site("parse:7").unwrap().kind, Kind::Branch);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Calls of a `#[hot]` function.
    Hot,
    /// Calls of a `#[cold_path]` function.
    Cold,
    /// Executions of a branch marked `#[cold_path]`.
    Branch,
    /// Iterations of a loop that holds a `#[cold_path]` branch: the reference the branch is
    /// compared with.
    Loop,
    /// Calls of a closure that holds a `#[cold_path]` branch.
    Closure,
    /// A user's [`count!`](crate::count).
    Named,
}

impl Kind {
    /// `"hot"`, `"cold"`, `"branch"`, `"loop"`, `"closure"` or `"count"`.
    ///
    /// ```
    /// assert_eq!(perfattr::report::Kind::Branch.name(), "branch");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Hot => "hot",
            Kind::Cold => "cold",
            Kind::Branch => "branch",
            Kind::Loop => "loop",
            Kind::Closure => "closure",
            Kind::Named => "count",
        }
    }
}

/// When the counter report flags a hint.
///
/// ```
/// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
/// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
/// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
/// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
/// #     flagged: false, verdict: String::new(),
/// # };
/// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
/// # // on 25 of its 100 calls.
/// # let counts = CounterReport {
/// #     sites: vec![
/// #         row(Kind::Hot, "parse", 100, None),
/// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
/// #         row(Kind::Named, "cache_miss", 3, None),
/// #     ],
/// #     thresholds: Thresholds::default(),
/// # }
/// # .with_thresholds(Thresholds::default());
/// let strict = Thresholds { cold_max_share: 0.001, ..Thresholds::default() };
/// assert!(counts.check(strict).is_err());
/// let lenient = Thresholds { cold_max_share: 0.5, ..Thresholds::default() };
/// assert!(counts.check(lenient).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A cold branch or function is flagged when it ran on more than this share of its
    /// reference (the loop iterations, closure calls or function calls around a branch; the
    /// calls of the hot code that calls a cold function). Default: 0.01 (1%).
    pub cold_max_share: f64,
    /// A `#[hot]` function without a loop is flagged when it ran, but less than this share of
    /// the busiest hot code. Default: 0.001 (0.1%). One that did not run at all is reported as
    /// `not run`, not flagged: the workload may simply not reach it.
    pub hot_min_share: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            cold_max_share: 0.01,
            hot_min_share: 0.001,
        }
    }
}

/// One counted site with its count, what it is compared with, and the verdict.
///
/// ```
/// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
/// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
/// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
/// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
/// #     flagged: false, verdict: String::new(),
/// # };
/// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
/// # // on 25 of its 100 calls.
/// # let counts = CounterReport {
/// #     sites: vec![
/// #         row(Kind::Hot, "parse", 100, None),
/// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
/// #         row(Kind::Named, "cache_miss", 3, None),
/// #     ],
/// #     thresholds: Thresholds::default(),
/// # }
/// # .with_thresholds(Thresholds::default());
/// let arm = counts.site("parse:7").unwrap();
/// assert_eq!((arm.count, arm.share, arm.flagged), (25, Some(0.25), true));
/// assert_eq!(arm.verdict, "cold, but ran on 25% of parse (limit 1.0%)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCount {
    /// What it counts.
    pub kind: Kind,
    /// `parse` for a function, `parse:42` for a branch marker on line 42 of `parse`,
    /// `parse:40:loop` / `parse:40:closure` for a counted loop or closure, the name of a
    /// `count!`.
    pub label: String,
    /// The module it is in.
    pub module_path: &'static str,
    /// `file:line:column`.
    pub location: String,
    /// Executions (for `count!`, the sum of the amounts).
    pub count: u64,
    /// A function whose body has a loop: its calls do not measure its work, so it is not
    /// judged by them.
    pub has_loop: bool,
    /// What it is compared with: a label (or labels joined by ` + `) and their count.
    pub reference: Option<(String, u64)>,
    /// `count / reference`, when there is a reference that ran.
    pub share: Option<f64>,
    /// The hint looks wrong for this run.
    pub flagged: bool,
    /// Why, or `ok`, `not run`, or why there is no verdict.
    pub verdict: String,
}

impl SiteCount {
    /// `module::path::label`.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// assert_eq!(counts.site("parse").unwrap().path(), "app::parse");
    /// ```
    #[must_use]
    pub fn path(&self) -> String {
        format!("{}::{}", self.module_path, self.label)
    }

    fn is(&self, name: &str) -> bool {
        self.label == name
            || name
                .strip_suffix(self.label.as_str())
                .and_then(|prefix| prefix.strip_suffix("::"))
                .is_some_and(|prefix| {
                    prefix == self.module_path || self.module_path.ends_with(&format!("::{prefix}"))
                })
    }
}

/// The counters of a run, or of a measured workload.
///
/// ```
/// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
/// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
/// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
/// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
/// #     flagged: false, verdict: String::new(),
/// # };
/// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
/// # // on 25 of its 100 calls.
/// # let counts = CounterReport {
/// #     sites: vec![
/// #         row(Kind::Hot, "parse", 100, None),
/// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
/// #         row(Kind::Named, "cache_miss", 3, None),
/// #     ],
/// #     thresholds: Thresholds::default(),
/// # }
/// # .with_thresholds(Thresholds::default());
/// println!("{counts}");
/// assert_eq!(counts.flagged().count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CounterReport {
    /// One row per site (the clones of a multiversioned function share theirs), in source
    /// order.
    pub sites: Vec<SiteCount>,
    /// The thresholds the verdicts used.
    pub thresholds: Thresholds,
}

impl CounterReport {
    /// The count of the site labelled `name` (`parse`, `parse:42`, a `count!` name, optionally
    /// with its module path); 0 if there is none.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// assert_eq!(counts.count("parse"), 100);
    /// assert_eq!(counts.count("app::cache_miss"), 3);
    /// assert_eq!(counts.count("no_such_site"), 0);
    /// ```
    #[must_use]
    pub fn count(&self, name: &str) -> u64 {
        self.sites
            .iter()
            .filter(|site| site.is(name))
            .map(|site| site.count)
            .sum()
    }

    /// The share of its reference that the site labelled `name` ran, if it has a reference
    /// that ran.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// assert_eq!(counts.share("parse:7"), Some(0.25));
    /// ```
    #[must_use]
    pub fn share(&self, name: &str) -> Option<f64> {
        self.site(name).and_then(|site| site.share)
    }

    /// The site labelled `name`.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// assert_eq!(counts.site("parse").unwrap().kind, Kind::Hot);
    /// ```
    #[must_use]
    pub fn site(&self, name: &str) -> Option<&SiteCount> {
        self.sites.iter().find(|site| site.is(name))
    }

    /// The `#[cold_path]` branches of the function `function` (a name, optionally with its
    /// module path), in source order.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// let branches = counts.branches("parse");
    /// assert_eq!(branches.len(), 1);
    /// assert_eq!(branches[0].label, "parse:7");
    /// ```
    #[must_use]
    pub fn branches(&self, function: &str) -> Vec<&SiteCount> {
        self.sites
            .iter()
            .filter(|site| {
                site.kind == Kind::Branch
                    && site
                        .label
                        .rsplit_once(':')
                        .is_some_and(|(_, line)| site.is(&format!("{function}:{line}")))
            })
            .collect()
    }

    /// The same report with only the sites that ran.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// assert_eq!(counts.moved().sites.len(), 3);
    /// ```
    #[must_use]
    pub fn moved(&self) -> CounterReport {
        CounterReport {
            sites: self.sites.iter().filter(|s| s.count > 0).cloned().collect(),
            thresholds: self.thresholds,
        }
    }

    /// The sites whose hint looks wrong.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// let flagged: Vec<&str> = counts.flagged().map(|site| site.label.as_str()).collect();
    /// assert_eq!(flagged, ["parse:7"]);
    /// ```
    pub fn flagged(&self) -> impl Iterator<Item = &SiteCount> {
        self.sites.iter().filter(|site| site.flagged)
    }

    /// The same counts judged by other thresholds.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// let lenient = counts.with_thresholds(Thresholds { cold_max_share: 0.3, ..Thresholds::default() });
    /// assert_eq!(lenient.flagged().count(), 0);
    /// ```
    #[must_use]
    pub fn with_thresholds(&self, thresholds: Thresholds) -> CounterReport {
        let mut report = self.clone();
        report.thresholds = thresholds;
        judge(&mut report.sites, thresholds);
        report
    }

    /// `Ok` when no hint is flagged under `thresholds`; otherwise the flagged rows.
    ///
    /// # Errors
    /// The rows of the flagged sites, as printed text.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// let error = counts.check(Thresholds::default()).unwrap_err();
    /// assert!(error.contains("app::parse:7"));
    /// ```
    pub fn check(&self, thresholds: Thresholds) -> Result<(), String> {
        let judged = self.with_thresholds(thresholds);
        let flagged: Vec<String> = judged
            .flagged()
            .map(|site| format!("{} ({}): {}", site.path(), site.location, site.verdict))
            .collect();
        if flagged.is_empty() {
            Ok(())
        } else {
            Err(flagged.join("\n"))
        }
    }

    /// Panics unless the site labelled `name` ran on at most `max_share` of its reference:
    /// `counts.assert_share_at_most("parse:42", 0.01)` for "this cold path ran at most 1% of
    /// the time under this workload".
    ///
    /// # Panics
    /// When the site is missing, has no reference that ran, or ran more often.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// counts.assert_share_at_most("parse:7", 0.3);
    /// let wrong = std::panic::catch_unwind(|| counts.assert_share_at_most("parse:7", 0.01));
    /// assert!(wrong.is_err());
    /// ```
    #[track_caller]
    pub fn assert_share_at_most(&self, name: &str, max_share: f64) {
        let Some(site) = self.site(name) else {
            panic!("no counter site `{name}`; the sites are:\n{self}");
        };
        let Some(share) = site.share else {
            panic!("`{name}` has no reference that ran: {}", site.verdict);
        };
        assert!(
            share <= max_share,
            "`{name}` ran {} times, {:.2}% of {} ({}), above the {:.2}% allowed",
            site.count,
            share * 100.0,
            site.reference.as_ref().map_or("?", |r| r.0.as_str()),
            site.reference.as_ref().map_or(0, |r| r.1),
            max_share * 100.0,
        );
    }

    /// The report as JSON: `{"thresholds": {...}, "sites": [{"kind": "branch", "label": ...,
    /// "count": ..., "reference": {"label": ..., "count": ...} | null, "share": ... | null,
    /// "flagged": ..., "verdict": ...}]}`.
    ///
    /// ```
    /// # use perfattr::report::{CounterReport, Kind, SiteCount, Thresholds};
    /// # let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
    /// #     kind, label: label.into(), module_path: "app", location: "src/lib.rs:1:1".into(), count,
    /// #     has_loop: false, reference: reference.map(|(l, c)| (l.into(), c)), share: None,
    /// #     flagged: false, verdict: String::new(),
    /// # };
    /// # // What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran
    /// # // on 25 of its 100 calls.
    /// # let counts = CounterReport {
    /// #     sites: vec![
    /// #         row(Kind::Hot, "parse", 100, None),
    /// #         row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
    /// #         row(Kind::Named, "cache_miss", 3, None),
    /// #     ],
    /// #     thresholds: Thresholds::default(),
    /// # }
    /// # .with_thresholds(Thresholds::default());
    /// let json = counts.to_json();
    /// assert!(json.contains(r#""label":"parse:7""#) && json.contains(r#""flagged":true"#));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut json = format!(
            "{{\"thresholds\":{{\"cold_max_share\":{},\"hot_min_share\":{}}},\"sites\":[",
            number(self.thresholds.cold_max_share),
            number(self.thresholds.hot_min_share)
        );
        for (i, site) in self.sites.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let reference = site.reference.as_ref().map_or_else(
                || "null".into(),
                |(label, count)| format!("{{\"label\":{},\"count\":{count}}}", quote(label)),
            );
            let _ = write!(
                json,
                "{{\"kind\":{},\"label\":{},\"module\":{},\"location\":{},\"count\":{},\
                 \"reference\":{reference},\"share\":{},\"flagged\":{},\"verdict\":{}}}",
                quote(site.kind.name()),
                quote(&site.label),
                quote(site.module_path),
                quote(&site.location),
                site.count,
                site.share.map_or_else(|| "null".into(), number),
                site.flagged,
                quote(&site.verdict),
            );
        }
        json.push_str("]}");
        json
    }
}

/// A finite JSON number (shares are finite: a reference that ran is never zero).
fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "null".into()
    }
}

/// `count / reference`; exact enough for a verdict at any count below 2^53.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn ratio(count: u64, reference: u64) -> f64 {
    count as f64 / reference as f64
}

fn percent(share: f64) -> String {
    let percent = share * 100.0;
    if percent >= 10.0 || percent == 0.0 {
        format!("{percent:.0}%")
    } else if percent >= 0.1 {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.3}%")
    }
}

#[cfg(feature = "counters")]
impl CounterReport {
    /// Rows for `totals` (one count per entry of the site table, in its order).
    pub(crate) fn new(totals: &[u64], thresholds: Thresholds) -> CounterReport {
        use crate::counters::{SITES, Site};
        // The clones of a multiversioned function each have their own copy of a site: one row.
        let key = |site: &Site| (site.file, site.line, site.column, site.kind);
        let mut order: Vec<usize> = (0..SITES.len()).collect();
        order.sort_by_key(|&i| (SITES[i].module_path, key(&SITES[i])));
        let mut row_of = std::vec![0usize; SITES.len()];
        let mut sites: Vec<SiteCount> = Vec::new();
        let mut firsts: Vec<&Site> = Vec::new();
        for i in order {
            let site = &SITES[i];
            let count = totals.get(i).copied().unwrap_or(0);
            if let Some(last) = firsts.last()
                && key(last) == key(site)
                && last.module_path == site.module_path
            {
                row_of[i] = sites.len() - 1;
                let row = sites.last_mut().expect("a row per first site");
                row.count = row.count.wrapping_add(count);
                continue;
            }
            row_of[i] = sites.len();
            firsts.push(site);
            sites.push(SiteCount {
                kind: site.kind,
                label: label(site),
                module_path: site.module_path,
                location: site.location(),
                count,
                has_loop: site.has_loop,
                reference: None,
                share: None,
                flagged: false,
                verdict: String::new(),
            });
        }
        let index_of = |site: &Site| {
            SITES
                .iter()
                .position(|s| core::ptr::eq(s, site))
                .map(|i| row_of[i])
        };
        // Branches and regions: the region or function around them.
        let parents: Vec<Option<usize>> = firsts
            .iter()
            .map(|site| site.parent.and_then(index_of))
            .collect();
        for (row, parent) in parents.iter().enumerate() {
            if let Some(parent) = *parent {
                sites[row].reference = Some((sites[parent].label.clone(), sites[parent].count));
            }
        }
        // Cold functions: the hot functions and counted regions of the same crate that call
        // them by name.
        for row in 0..sites.len() {
            let site = firsts[row];
            if site.kind != Kind::Cold {
                continue;
            }
            let krate = crate_of(site.module_path);
            let callers: Vec<usize> = (0..sites.len())
                .filter(|&other| {
                    let caller = firsts[other];
                    crate_of(caller.module_path) == krate && caller.calls.contains(&site.name)
                })
                .collect();
            if !callers.is_empty() {
                let names: Vec<&str> = callers.iter().map(|&c| sites[c].label.as_str()).collect();
                let count = callers
                    .iter()
                    .fold(0u64, |sum, &c| sum.wrapping_add(sites[c].count));
                sites[row].reference = Some((names.join(" + "), count));
            }
        }
        // Hot functions: the busiest hot code.
        let busiest = (0..sites.len())
            .filter(|&row| matches!(sites[row].kind, Kind::Hot | Kind::Loop | Kind::Closure))
            .max_by_key(|&row| sites[row].count);
        if let Some(busiest) = busiest {
            let reference = (sites[busiest].label.clone(), sites[busiest].count);
            for (row, site) in firsts.iter().enumerate() {
                if site.kind == Kind::Hot && row != busiest {
                    sites[row].reference = Some(reference.clone());
                }
            }
        }
        judge(&mut sites, thresholds);
        CounterReport { sites, thresholds }
    }
}

#[cfg(feature = "counters")]
fn label(site: &crate::counters::Site) -> String {
    match site.kind {
        Kind::Hot | Kind::Cold | Kind::Named => site.name.into(),
        Kind::Branch => format!("{}:{}", site.name, site.line),
        Kind::Loop => format!("{}:{}:loop", site.name, site.line),
        Kind::Closure => format!("{}:{}:closure", site.name, site.line),
    }
}

#[cfg(feature = "counters")]
fn crate_of(module_path: &str) -> &str {
    module_path.split("::").next().unwrap_or(module_path)
}

/// Fills `share`, `flagged` and `verdict` from the counts and references.
fn judge(sites: &mut [SiteCount], thresholds: Thresholds) {
    for site in sites {
        site.share = site
            .reference
            .as_ref()
            .filter(|(_, count)| *count > 0)
            .map(|(_, reference)| ratio(site.count, *reference));
        site.flagged = false;
        site.verdict = match (site.kind, &site.reference, site.share) {
            (Kind::Named | Kind::Loop | Kind::Closure, ..) => String::new(),
            (Kind::Cold, None, _) => {
                "no reference: not called by name from counted hot code".into()
            }
            (Kind::Branch, None, _) => "no reference".into(),
            (Kind::Branch | Kind::Cold, Some((name, _)), None) => {
                if site.count == 0 {
                    "not run".into()
                } else {
                    site.flagged = true;
                    format!("ran {} times while {name} never ran", site.count)
                }
            }
            (Kind::Branch | Kind::Cold, Some((name, _)), Some(share)) => {
                if share > thresholds.cold_max_share {
                    site.flagged = true;
                    format!(
                        "cold, but ran on {} of {name} (limit {})",
                        percent(share),
                        percent(thresholds.cold_max_share)
                    )
                } else if site.count == 0 {
                    "not run".into()
                } else {
                    format!("ok: {} of {name}", percent(share))
                }
            }
            (Kind::Hot, None, _) => "ok: the only hot code".into(),
            (Kind::Hot, ..) if site.count == 0 => "not run".into(),
            (Kind::Hot, Some(_), _) if site.has_loop => {
                "ok (has a loop: its calls do not measure its work)".into()
            }
            (Kind::Hot, Some((name, _)), Some(share)) if share < thresholds.hot_min_share => {
                site.flagged = true;
                format!(
                    "hot, but ran {} times, {} of {name} (limit {})",
                    site.count,
                    percent(share),
                    percent(thresholds.hot_min_share)
                )
            }
            (Kind::Hot, Some(_), _) => "ok".into(),
        };
    }
}

impl fmt::Display for CounterReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flagged = self.flagged().count();
        writeln!(
            f,
            "counters: {} site(s), {flagged} flagged (cold above {}, hot below {} of the busiest)",
            self.sites.len(),
            percent(self.thresholds.cold_max_share),
            percent(self.thresholds.hot_min_share),
        )?;
        let header =
            ["", "kind", "site", "count", "share", "verdict", "location"].map(String::from);
        let rows: Vec<[String; 7]> = self
            .sites
            .iter()
            .map(|site| {
                [
                    if site.flagged { "!!" } else { "" }.into(),
                    site.kind.name().into(),
                    site.path(),
                    site.count.to_string(),
                    site.share.map(percent).unwrap_or_default(),
                    site.verdict.clone(),
                    site.location.clone(),
                ]
            })
            .collect();
        table(f, &header, &rows)
    }
}

/// Writes `rows` under `header` as aligned columns.
fn table<const N: usize>(
    f: &mut fmt::Formatter<'_>,
    header: &[String; N],
    rows: &[[String; N]],
) -> fmt::Result {
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in core::iter::once(header).chain(rows) {
        let line = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ");
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

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

impl Report {
    /// `{"counters": {...} | null, "dispatch": {...}}`.
    ///
    /// ```
    /// let json = perfattr::report::full().to_json();
    /// assert!(json.starts_with(r#"{"counters":"#) && json.contains(r#""dispatch":{"#));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        format!(
            "{{\"counters\":{},\"dispatch\":{}}}",
            self.counters
                .as_ref()
                .map_or_else(|| "null".into(), CounterReport::to_json),
            self.dispatch.to_json()
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.counters {
            Some(counters) => writeln!(f, "{counters}")?,
            None => writeln!(f, "counters: off (perfattr's `counters` feature)\n")?,
        }
        write!(f, "{}", self.dispatch)
    }
}
