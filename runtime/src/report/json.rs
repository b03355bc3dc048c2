//! The reports as JSON, for tools: hand-written, so the runtime needs no serializer.

use core::fmt::Write as _;
use std::format;
use std::string::String;
use std::vec::Vec;

use super::counts::CounterReport;
use super::dispatch::DispatchReport;
use super::full::Report;

impl DispatchReport {
    /// The report as JSON: `{"functions": [{"name": ..., ...}], "active": "..."}`.
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
            let unavailable: Vec<String> = row
                .unavailable
                .iter()
                .map(|(target, release)| format!("{}:{}", quote(target), quote(release)))
                .collect();
            let _ = write!(
                json,
                "{{\"name\":{},\"location\":{},\"targets\":[{}],\"selected\":{},\"dispatch\":{},\"chosen_by\":{},\"why\":{},\"needs_rust\":{{{}}}}}",
                quote(row.name),
                quote(row.location),
                targets.join(","),
                quote(row.selected),
                quote(row.dispatch),
                quote(row.chosen_by),
                quote(&row.why),
                unavailable.join(","),
            );
        }
        let profile = self
            .runtime_profile
            .as_deref()
            .map_or_else(|| "null".into(), quote);
        let _ = write!(
            json,
            "],\"active\":{},\"cpu\":{},\"runtime_profile\":{profile},\"patching\":{}}}",
            quote(&self.active),
            quote(&self.cpu),
            quote(&self.patching)
        );
        json
    }
}

impl CounterReport {
    /// The report as JSON: `{"thresholds": {...}, "sites": [{"kind": "branch", "label": ..., "path": ...,
    /// "count": ..., "reference": {"label": ..., "count": ...} | null, "share": ... | null,
    /// "flagged": ..., "verdict": ...}]}`.
    ///
    /// ```
    /// # let counts = perfattr::report::CounterReport::__example();
    /// let json = counts.to_json();
    /// assert!(json.contains(r#""label":"parse:7""#) && json.contains(r#""flagged":true"#));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut json = format!(
            "{{\"thresholds\":{{\"cold_max_share\":{},\"hot_min_share\":{}}},\"busy_threads\":{},\"sites\":[",
            number(self.thresholds.cold_max_share),
            number(self.thresholds.hot_min_share),
            self.busy_threads
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
                "{{\"kind\":{},\"label\":{},\"path\":{},\"module\":{},\"location\":{},\"count\":{},\
                 \"inclusive\":{},\"reference\":{reference},\"share\":{},\"flagged\":{},\"verdict\":{}}}",
                quote(site.kind.name()),
                quote(&site.label),
                quote(&site.path),
                quote(site.module_path),
                quote(&site.location),
                site.count,
                site.inclusive
                    .map_or_else(|| "null".into(), |n| format!("{n}")),
                site.share.map_or_else(|| "null".into(), number),
                site.flagged,
                quote(&site.verdict),
            );
        }
        json.push_str("]}");
        json
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

/// A JSON string literal (the profile format's: one escaping for every file perfattr writes).
pub(crate) use perfattr_profile::quote;
/// A finite JSON number (shares are finite: a reference that ran is never zero).
pub(crate) fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "null".into()
    }
}
