//! Verdicts: whether each site's count contradicts its hint, judged against its reference
//! under [`Thresholds`], and the API that judges again or asserts.

use std::format;
use std::string::String;
use std::vec::Vec;

use super::counts::{CounterReport, Kind, SiteCount, Thresholds, ratio, share_of};
use super::text::percent;

impl CounterReport {
    /// A report of `sites`, judged under `thresholds`.
    pub(crate) fn judged(mut sites: Vec<SiteCount>, thresholds: Thresholds) -> CounterReport {
        judge(&mut sites, thresholds);
        CounterReport {
            sites,
            thresholds,
            count_cost_ns: None,
            busy_threads: 0,
        }
    }

    /// What `perfattr::counters::measure` returns for a `#[hot] fn parse` whose cold arm ran on
    /// 25 of its 100 calls, beside a `count!("cache_miss")` that ran 3 times: the documentation's
    /// examples query it.
    #[doc(hidden)]
    #[must_use]
    pub fn __example() -> CounterReport {
        let row = |kind, label: &str, count, reference: Option<(&str, u64)>| SiteCount {
            kind,
            label: label.into(),
            path: format!("app::{label}"),
            module_path: "app",
            location: "src/lib.rs:1:1".into(),
            count,
            has_loop: false,
            inclusive: None,
            reference: reference.map(|(label, count)| (label.into(), count)),
            share: None,
            flagged: false,
            verdict: String::new(),
            note: None,
        };
        // The only hot code: an entry point that made all counted hot calls.
        let parse = SiteCount {
            inclusive: Some(100),
            ..row(
                Kind::Hot,
                "parse",
                100,
                Some((crate::report::counts::ALL_HOT, 100)),
            )
        };
        CounterReport::judged(
            std::vec![
                parse,
                row(Kind::Branch, "parse:7", 25, Some(("parse", 100))),
                row(Kind::Named, "cache_miss", 3, None),
            ],
            Thresholds::default(),
        )
    }

    /// Each row's share of all counts in the report, which is its share of what counting cost
    /// (every count costs about the same, [`count_cost_ns`](Self::count_cost_ns)); `None` when
    /// nothing was counted.
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// // parse: 100 of the 128 counts.
    /// assert_eq!(counts.cost_share(&counts.sites[0]), Some(100.0 / 128.0));
    /// ```
    #[must_use]
    pub fn cost_share(&self, site: &SiteCount) -> Option<f64> {
        share_of(site.count, self.total_count())
    }

    /// All counts in the report.
    pub(crate) fn total_count(&self) -> u64 {
        self.sites
            .iter()
            .fold(0u64, |sum, site| sum.wrapping_add(site.count))
    }

    /// The row that made at least half of all counts, if one did, with its share: the one
    /// place where `count = false` (or removing a `count!`) would save most of what counting
    /// costs.
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// let (site, share) = counts.dominant_cost().unwrap();
    /// assert_eq!((site.label.as_str(), share), ("parse", 100.0 / 128.0));
    /// ```
    #[must_use]
    pub fn dominant_cost(&self) -> Option<(&SiteCount, f64)> {
        let total = self.total_count();
        self.sites
            .iter()
            .filter_map(|site| Some((site, share_of(site.count, total)?)))
            .find(|(_, share)| *share >= 0.5)
    }

    /// The same counts judged by other thresholds.
    ///
    /// ```
    /// # use perfattr::report::Thresholds;
    /// # let counts = perfattr::report::CounterReport::__example();
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
    /// # use perfattr::report::Thresholds;
    /// # let counts = perfattr::report::CounterReport::__example();
    /// let error = counts.check(Thresholds::default()).unwrap_err();
    /// assert!(error.contains("app::parse:7"));
    /// ```
    pub fn check(&self, thresholds: Thresholds) -> Result<(), String> {
        let judged = self.with_thresholds(thresholds);
        let flagged: Vec<String> = judged
            .flagged()
            .map(|site| format!("{} ({}): {}", site.path, site.location, site.verdict))
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
    /// # let counts = perfattr::report::CounterReport::__example();
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
}

/// Fills `share`, `flagged` and `verdict` from the counts and references.
fn judge(sites: &mut [SiteCount], thresholds: Thresholds) {
    for site in sites {
        // A site that did not run has no share of anything.
        site.share = site
            .reference
            .as_ref()
            .filter(|(_, count)| *count > 0 && site.count > 0)
            .map(|(_, reference)| ratio(site.inclusive.unwrap_or(site.count), *reference));
        site.flagged = false;
        if let Some(note) = site.note.as_ref().filter(|_| site.count > 0) {
            site.share = None;
            site.verdict.clone_from(note);
            continue;
        }
        site.verdict = match (site.kind, &site.reference, site.share) {
            (Kind::Named | Kind::Loop | Kind::Closure, ..) => String::new(),
            (Kind::Clone, reference, share) => match (reference, share) {
                (Some((name, _)), Some(share)) if site.count > 0 => {
                    format!("ran {} of the calls of {name}", percent(share))
                }
                _ => "not run".into(),
            },
            (Kind::Cold, None, _) => {
                "no reference: not called by name from counted hot code".into()
            }
            (Kind::Branch, None, _) => {
                "no reference: the function it is in is not counted (`#[hot]` on it counts it)"
                    .into()
            }
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
            (Kind::Hot, ..) if site.count == 0 => "not run".into(),
            (Kind::Hot, None, _) => "no reference".into(),
            (Kind::Hot, Some(_), _) if site.has_loop => {
                "ok (has a loop: its calls do not measure its work)".into()
            }
            (Kind::Hot, Some(_), None) => "ok".into(),
            // An entry point: what it and the hot code it calls did, of all counted hot calls.
            (Kind::Hot, Some(_), Some(share)) if site.inclusive.is_some() => {
                if share < thresholds.hot_min_share {
                    site.flagged = true;
                    format!(
                        "hot, but it and the hot code it calls made {} of all counted hot calls \
                         (limit {}): drop `#[hot]` here",
                        percent(share),
                        percent(thresholds.hot_min_share)
                    )
                } else {
                    format!(
                        "ok: it and the hot code it calls made {} of all counted hot calls",
                        percent(share)
                    )
                }
            }
            (Kind::Hot, Some((name, _)), Some(share)) => {
                if share < thresholds.hot_min_share {
                    site.flagged = true;
                    format!(
                        "hot, but ran on {} of the calls of {name} (limit {}): a rare path \
                         there; mark it `#[cold_path]` instead",
                        percent(share),
                        percent(thresholds.hot_min_share)
                    )
                } else {
                    format!("ok: {share:.2} per call of {name}")
                }
            }
        };
    }
}
