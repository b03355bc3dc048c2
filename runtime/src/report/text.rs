//! The reports as aligned text tables: what `Display` prints.

use core::fmt;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::counts::{CounterReport, Kind, share_of};
use super::dispatch::DispatchReport;
use super::full::Report;

impl fmt::Display for DispatchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "CPU: {}", self.cpu)?;
        writeln!(f, "active CPU features: {}", self.active)?;
        if let Some(profile) = &self.runtime_profile {
            writeln!(f, "run-time profile: {profile}")?;
        }
        if self
            .functions
            .iter()
            .any(|row| row.dispatch.contains("patched"))
        {
            writeln!(f, "patching: {}", self.patching)?;
        }
        let rows: Vec<[String; 5]> = self
            .functions
            .iter()
            .map(|row| {
                let targets: Vec<String> = row
                    .targets
                    .iter()
                    .map(
                        |&target| match row.unavailable.iter().find(|(t, _)| *t == target) {
                            Some((_, release)) => format!("{target} (needs Rust {release})"),
                            None => target.into(),
                        },
                    )
                    .collect();
                [
                    row.name.into(),
                    row.selected.into(),
                    targets.join(" > "),
                    row.dispatch.into(),
                    row.why.clone(),
                ]
            })
            .collect();
        let header = ["function", "selected", "targets", "dispatch", "why"].map(String::from);
        table(f, &header, &rows)
    }
}

impl fmt::Display for CounterReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flagged = self.flagged().count();
        writeln!(
            f,
            "counters: {} site(s), {flagged} flagged (cold above {}, hot below {} of its reference)",
            self.sites.len(),
            percent(self.thresholds.cold_max_share),
            percent(self.thresholds.hot_min_share),
        )?;
        let total = self.total_count();
        if self.busy_threads > 0 {
            writeln!(
                f,
                "({} other thread(s) were inside counted code: the counts of the leaves they \
                 called since their outermost counted function began are not in this report; \
                 they are once it returns, or after `perfattr::counters::publish()` there)",
                self.busy_threads
            )?;
        }
        if self.sites.iter().all(|site| site.count == 0) {
            writeln!(f, "(nothing was counted: no counted site ran)")?;
        } else {
            self.cost_line(f, total)?;
        }
        let header = [
            "", "kind", "site", "count", "share", "cost", "verdict", "location",
        ]
        .map(String::from);
        // The clones that did not run would be most rows: the JSON lists them.
        let idle = |site: &&crate::report::SiteCount| site.kind == Kind::Clone && site.count == 0;
        let left_out = self.sites.iter().filter(idle).count();
        if left_out > 0 {
            writeln!(
                f,
                "({left_out} clone(s) of multiversioned functions did not run and are left out)"
            )?;
        }
        let rows: Vec<[String; 8]> = self
            .sites
            .iter()
            .filter(|site| !idle(site))
            .map(|site| {
                [
                    if site.flagged { "!!" } else { "" }.into(),
                    site.kind.name().into(),
                    site.path.clone(),
                    site.count.to_string(),
                    site.share.map(share).unwrap_or_default(),
                    share_of(site.count, total)
                        .filter(|_| site.count > 0)
                        .map(percent)
                        .unwrap_or_default(),
                    site.verdict.clone(),
                    site.location.clone(),
                ]
            })
            .collect();
        table(f, &header, &rows)
    }
}

impl CounterReport {
    /// What counting cost in this report, and where one site made most of it, what
    /// `count = false` there would save.
    fn cost_line(&self, f: &mut fmt::Formatter<'_>, counts: u64) -> fmt::Result {
        write!(f, "counting cost: {counts} counts")?;
        if let Some(ns) = self.count_cost_ns {
            #[allow(clippy::cast_precision_loss)] // an estimate
            let total = counts as f64 * ns;
            write!(
                f,
                ", at most about {} ({ns:.2} ns per count measured here; the `cost` column is \
                 each site's share)",
                duration(total)
            )?;
        }
        writeln!(f)?;
        if let Some((site, share)) = self.dominant_cost() {
            let remedy = match site.kind {
                Kind::Hot | Kind::Cold => "`count = false` on it",
                Kind::Branch => "`count = false` on its marker",
                Kind::Named => "removing the `count!`",
                Kind::Loop | Kind::Closure | Kind::Clone => return Ok(()),
            };
            writeln!(
                f,
                "{} made {} of the counts: {remedy} would remove {} of counting's cost",
                site.path,
                percent(share),
                percent(share)
            )?;
        }
        Ok(())
    }
}

/// Nanoseconds as ns, µs, ms or s.
fn duration(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.1} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
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

/// A share in the report's column: a percentage up to 100%, a multiple above (a hot helper
/// runs many times per call of its caller: `1.90×`, `2000×`).
fn share(share: f64) -> String {
    if share <= 1.0 {
        percent(share)
    } else if share < 10.0 {
        format!("{share:.2}×")
    } else {
        format!("{share:.0}×")
    }
}

/// A share as a percentage, with as many decimals as it needs to show.
pub fn percent(share: f64) -> String {
    let percent = share * 100.0;
    if percent >= 10.0 || percent == 0.0 {
        format!("{percent:.0}%")
    } else if percent >= 0.1 {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.3}%")
    }
}
