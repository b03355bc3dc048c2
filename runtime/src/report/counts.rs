//! The counter report's model: each counted site with its count, reference and verdict, and
//! the queries tests and tools use. Built by `counters` (from the linker's site table), judged
//! by [`verdict`](super::verdict), printed by [`text`](super::text) and [`json`](super::json).

use std::format;
use std::string::String;
use std::vec::Vec;

perfattr_macros::__counter_kinds! {
    /// What a site counts.
    ///
    /// ```
    /// # use perfattr::report::Kind;
    /// # let counts = perfattr::report::CounterReport::__example();
    /// assert_eq!(counts.site("parse:7").unwrap().kind, Kind::Branch);
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Kind {}
}

/// When the counter report flags a hint.
///
/// ```
/// # use perfattr::report::Thresholds;
/// # let counts = perfattr::report::CounterReport::__example();
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
    /// its reference: the calls of the counted hot code that calls it, or, when none does (an
    /// entry point), every counted hot call, which its own calls and those of the hot code it
    /// calls are compared with. Default: 0.001 (0.1%). One that did not run at all is reported
    /// as `not run`, not flagged: the workload may simply not reach it.
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
/// # let counts = perfattr::report::CounterReport::__example();
/// let arm = counts.site("parse:7").unwrap();
/// assert_eq!((arm.count, arm.share, arm.flagged), (25, Some(0.25), true));
/// assert_eq!(arm.verdict, "cold, but ran on 25% of parse (limit 1.0%)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SiteCount {
    /// What it counts.
    pub kind: Kind,
    /// The function's path within its module: `parse`, `Request::parse`,
    /// `<Request as Parse>::parse`; `parse:42` for a branch marker on line 42 of `parse`,
    /// `parse:40:loop` / `parse:40:closure` for a counted loop or closure; the name of a
    /// `count!`.
    pub label: String,
    /// The label with the module's path: `app::Request::parse:42`,
    /// `<app::Request as app::Parse>::parse`, `app::cache_miss`. Unique to the row unless
    /// several `count!`s of a module share a name.
    pub path: String,
    /// The module it is in.
    pub module_path: &'static str,
    /// `file:line:column`.
    pub location: String,
    /// Executions (for `count!`, the sum of the amounts).
    pub count: u64,
    /// A function whose body has a loop: its calls do not measure its work, so it is not
    /// judged by them.
    pub has_loop: bool,
    /// For a `#[hot]` function no counted hot code calls: its calls plus those of the hot code
    /// it calls (directly or not), the work it accounts for, judged against every counted hot
    /// call (its reference, labelled `all counted hot calls`).
    pub inclusive: Option<u64>,
    /// What it is compared with: a label (or labels joined by ` + `) and their count.
    pub reference: Option<(String, u64)>,
    /// `count / reference`, when there is a reference that ran.
    pub share: Option<f64>,
    /// The hint looks wrong for this run.
    pub flagged: bool,
    /// Why, or `ok`, `not run`, or why there is no verdict.
    pub verdict: String,
    /// Why the site is not judged, when it is not (an ambiguous call, no counted caller): the
    /// verdict then says it, and the row is never flagged.
    pub note: Option<String>,
}

impl SiteCount {
    /// Whether `name` names this row: its label, its path, or a tail of its path that starts
    /// at a `::` (`parse`, `Request::parse`, `http::Request::parse`).
    fn is(&self, name: &str) -> bool {
        self.label == name
            || self.path == name
            || self
                .path
                .strip_suffix(name)
                .is_some_and(|head| head.ends_with("::"))
    }
}

/// The reference of a `#[hot]` function that no counted hot code calls.
pub(crate) const ALL_HOT: &str = "all counted hot calls";

/// The counters of a run, or of a measured workload.
///
/// ```
/// # let counts = perfattr::report::CounterReport::__example();
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
    /// What one count costs on this machine, in nanoseconds, measured once per process when
    /// the first report is taken (a thread's slot loaded, incremented and stored, in a chain,
    /// as a direct count runs); `None` in a report the counters did not make. A leaf's count
    /// kept in a register in a scope's loop costs less: an upper bound there.
    pub count_cost_ns: Option<f64>,
    /// Threads other than the reporting one that were inside a counted function with a loop
    /// or closure (a scope) when the report was taken: the counts their leaves made since
    /// their outermost scope began are not in it yet (they are once it returns, or after
    /// [`counters::publish`](crate::counters::publish) on that thread).
    pub busy_threads: usize,
}

impl CounterReport {
    /// The count of the site labelled `name` (`parse`, `Request::parse`, `parse:42`, a
    /// `count!` name, optionally with its module path); 0 if there is none.
    ///
    /// # Panics
    ///
    /// As [`CounterReport::site`].
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// assert_eq!(counts.count("parse"), 100);
    /// assert_eq!(counts.count("app::cache_miss"), 3);
    /// assert_eq!(counts.count("no_such_site"), 0);
    /// ```
    #[must_use]
    pub fn count(&self, name: &str) -> u64 {
        self.named(name).iter().map(|site| site.count).sum()
    }

    /// The share of its reference that the site labelled `name` ran, if it has a reference
    /// that ran.
    ///
    /// # Panics
    ///
    /// As [`CounterReport::site`].
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// assert_eq!(counts.share("parse:7"), Some(0.25));
    /// ```
    #[must_use]
    pub fn share(&self, name: &str) -> Option<f64> {
        self.site(name).and_then(|site| site.share)
    }

    /// The site labelled `name` (a tail of its path: `parse`, `Request::parse`, `app::parse:7`).
    ///
    /// # Panics
    ///
    /// If `name` names several sites (`parse` when `Request::parse` and `Response::parse`
    /// are both counted): the message lists them, name one of them.
    ///
    /// ```
    /// # use perfattr::report::Kind;
    /// # let counts = perfattr::report::CounterReport::__example();
    /// assert_eq!(counts.site("parse").unwrap().kind, Kind::Hot);
    /// ```
    #[must_use]
    pub fn site(&self, name: &str) -> Option<&SiteCount> {
        self.named(name).first().copied()
    }

    /// The rows `name` names: one row, or the rows of `count!`s sharing one name and module.
    fn named(&self, name: &str) -> Vec<&SiteCount> {
        let rows: Vec<&SiteCount> = self.sites.iter().filter(|site| site.is(name)).collect();
        if rows.iter().any(|row| row.path != rows[0].path) {
            let paths: Vec<&str> = rows.iter().map(|row| row.path.as_str()).collect();
            panic!(
                "perfattr: `{name}` names {} counter sites: {}; name one by a longer path",
                rows.len(),
                paths.join(", ")
            );
        }
        rows
    }

    /// The `#[cold_path]` branches of the function `function` (a name, optionally with its
    /// module path), in source order.
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
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
    /// # let counts = perfattr::report::CounterReport::__example();
    /// assert_eq!(counts.moved().sites.len(), 3);
    /// ```
    #[must_use]
    pub fn moved(&self) -> CounterReport {
        CounterReport {
            sites: self.sites.iter().filter(|s| s.count > 0).cloned().collect(),
            thresholds: self.thresholds,
            count_cost_ns: self.count_cost_ns,
            busy_threads: self.busy_threads,
        }
    }

    /// The sites whose hint looks wrong.
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// let flagged: Vec<&str> = counts.flagged().map(|site| site.label.as_str()).collect();
    /// assert_eq!(flagged, ["parse:7"]);
    /// ```
    pub fn flagged(&self) -> impl Iterator<Item = &SiteCount> {
        self.sites.iter().filter(|site| site.flagged)
    }
}

/// `count`'s share of `total` counts; `None` when nothing was counted.
pub(crate) fn share_of(count: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| ratio(count, total))
}

/// `count / reference`; exact enough for a verdict at any count below 2^53.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn ratio(count: u64, reference: u64) -> f64 {
    count as f64 / reference as f64
}
