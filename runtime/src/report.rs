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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchReport {
    /// The features dispatch used (`perfattr::cpu::active()`).
    pub active: String,
    /// One row per multiversioned function, by name.
    pub functions: Vec<FunctionDispatch>,
}

/// One multiversioned function.
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
        let mut widths = header.clone().map(|h| h.len());
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        for row in core::iter::once(&header).chain(&rows) {
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
}

impl DispatchReport {
    /// The report as JSON: `{"active": "...", "functions": [{"name": ..., ...}]}`.
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
