//! A clone comparison as people and tools read it: the table and verdicts `cargo bench` prints,
//! and the JSON object of the results file.

use core::fmt::Write as _;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::compare::{Comparison, Estimate, Role, Row};
use crate::report::json::{number, quote};

impl Comparison {
    /// The row that measured the clone dispatch selects: its own, or that of the clone whose
    /// machine code it shares.
    ///
    /// ```
    /// # let comparison = perfattr::bench::Comparison::__example();
    /// assert_eq!(comparison.selected_row().unwrap().name, "v3");
    /// ```
    #[must_use]
    pub fn selected_row(&self) -> Option<&Row> {
        let measured = super::compare::measured_as(self.selected, &self.same_code);
        self.rows
            .iter()
            .find(|row| row.name == measured && matches!(row.role, Role::Clone | Role::Fallback))
    }

    /// The table and verdicts as printed after criterion's results.
    ///
    /// ```
    /// # use perfattr::bench::Role;
    /// # let comparison = perfattr::bench::Comparison::__example();
    /// assert!(comparison.to_text().contains("0.25× fallback [0.25, 0.25]"));
    /// ```
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "perfattr: {}: the clones side by side ({} rounds of {} call(s) each, interleaved; \
             median time ratio, 95% interval)\n",
            self.id, self.rounds, self.iters
        );
        let name = |row: &Row| match row.role {
            Role::Direct => format!("{} direct", row.name),
            _ => row.name.to_string(),
        };
        let width = self.rows.iter().map(|row| name(row).chars().count()).max();
        let width = width.unwrap_or(0).max(10);
        for row in &self.rows {
            let _ = write!(text, "  {:<width$} {:>10}", name(row), nanos(row.nanos));
            match row.role {
                Role::Fallback => {}
                _ => {
                    let _ = write!(text, "   {}", row.vs_fallback.text("fallback"));
                }
            }
            match row.role {
                Role::Dispatched => {
                    if let Some(estimate) = self.dispatched_vs_selected {
                        let _ = write!(text, "   = {} (selected)", estimate.text(self.selected));
                    }
                }
                Role::Direct => {
                    if let Some(estimate) = self.dispatched_vs_direct {
                        let _ = write!(text, "   dispatched takes {}", estimate.text("this"));
                    }
                }
                Role::Clone | Role::Fallback => {}
            }
            text.push('\n');
        }
        for group in &self.same_code {
            let _ = writeln!(
                text,
                "  ({} = {}: the same machine code, measured once)",
                group.measured,
                group.also.join(" = ")
            );
        }
        if self.quick {
            text.push_str("  (test mode: three rounds of one call, no verdicts)\n");
        }
        for verdict in &self.verdicts {
            let _ = writeln!(text, "  {}", verdict.text);
        }
        text
    }

    /// The comparison as a JSON object, as in the results file.
    ///
    /// ```
    /// # use perfattr::bench::Role;
    /// # let comparison = perfattr::bench::Comparison::__example();
    /// assert!(comparison.to_json().starts_with("{\"id\":\"app::sum/compare\""));
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                format!(
                    "{{\"name\":{},\"role\":{},\"ns_per_call\":{},\"vs_fallback\":{}}}",
                    quote(row.name),
                    quote(match row.role {
                        Role::Clone => "clone",
                        Role::Fallback => "fallback",
                        Role::Dispatched => "dispatched",
                        Role::Direct => "direct",
                    }),
                    number(row.nanos),
                    row.vs_fallback.json()
                )
            })
            .collect();
        let optional = |estimate: Option<Estimate>| estimate.map_or("null".into(), |e| e.json());
        let verdicts: Vec<String> = self
            .verdicts
            .iter()
            .map(|v| format!("{{\"kind\":{},\"text\":{}}}", quote(v.kind), quote(&v.text)))
            .collect();
        let same_code: Vec<String> = self
            .same_code
            .iter()
            .map(|group| {
                let also: Vec<String> = group.also.iter().map(|name| quote(name)).collect();
                format!(
                    "{{\"measured\":{},\"also\":[{}]}}",
                    quote(group.measured),
                    also.join(",")
                )
            })
            .collect();
        format!(
            "{{\"id\":{},\"function\":{},\"selected\":{},\"chosen_by\":{},\"same_code\":[{}],\
             \"rounds\":{},\"calls_per_sample\":{},\
             \"contenders\":[{}],\"dispatched_vs_selected\":{},\"dispatched_vs_direct\":{},\
             \"verdicts\":[{}]}}",
            quote(&self.id),
            quote(&self.function),
            quote(self.selected),
            quote(self.chosen_by),
            same_code.join(","),
            self.rounds,
            self.iters,
            rows.join(","),
            optional(self.dispatched_vs_selected),
            optional(self.dispatched_vs_direct),
            verdicts.join(",")
        )
    }
}

/// `1.23 µs`, `456.7 ns`.
fn nanos(value: f64) -> String {
    if value >= 1_000_000.0 {
        format!("{:.2} ms", value / 1_000_000.0)
    } else if value >= 1_000.0 {
        format!("{:.2} µs", value / 1_000.0)
    } else {
        format!("{value:.1} ns")
    }
}
