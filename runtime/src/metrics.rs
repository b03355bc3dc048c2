//! The counters and clone choices through the [`metrics`](https://docs.rs/metrics) facade
//! (feature `metrics`), so whatever exporter the program installs (Prometheus, OpenTelemetry,
//! `StatsD`) carries them to the metrics system a fleet already runs.
//!
//! [`publish`] reads the per-thread counters, as a report does, and sets each series to its
//! total: nothing is added to the counting path (no shared atomic, no call into `metrics` per
//! count). Call it before the exporter is scraped, or let [`publish_every`] call it on an
//! interval. Totals include threads that have ended, so the counters only grow (until
//! [`counters::reset`](crate::counters::reset)).
//!
//! | series | kind | labels | value |
//! |---|---|---|---|
//! | `perfattr_site_calls_total` | counter | `path`, `kind` and `location`, as the report writes them | executions |
//! | `perfattr_clone_calls_total` | counter | `function`, `clone`, `cpu` | calls of that clone |
//! | `perfattr_clone_selected` | gauge | `function`, `clone`, `dispatch`, `chosen_by` (`rank`, `measured`, …), `cpu` | 1: the clone this process runs |
//! | `perfattr_flagged` | gauge | `path`, `kind` | 1 when the hint audit flags the row, else 0 |
//!
//! `cpu` is the CPU's identity ([`crate::cpu::identity`]: vendor, family, model), so a fleet's
//! series say which CPU models run which clone.
//!
//! ```
//! // At start-up, after installing an exporter (`metrics-exporter-prometheus`, …):
//! let _publisher = perfattr::metrics::publish_every(std::time::Duration::from_secs(15));
//! ```

use std::string::ToString;
use std::time::Duration;

use crate::report::Kind;

/// Sets every perfattr series in the installed `metrics` recorder to this process's totals.
/// Without a recorder it does nothing (as every `metrics` call).
pub fn publish() {
    let counters = crate::counters::report();
    let dispatch = crate::report::dispatch();
    let cpu = crate::cpu::identity().to_string();
    for site in &counters.sites {
        let kind = site.kind.name();
        let labels = [
            ("path", site.path.clone()),
            ("kind", kind.to_string()),
            ("location", site.location.clone()),
        ];
        metrics::counter!("perfattr_site_calls_total", &labels).absolute(site.count);
        let labels = [("path", site.path.clone()), ("kind", kind.to_string())];
        metrics::gauge!("perfattr_flagged", &labels).set(f64::from(u8::from(site.flagged)));
        if site.kind == Kind::Clone {
            if let Some((function, clone)) = clone_of(&site.path) {
                let labels = [
                    ("function", function.to_string()),
                    ("clone", clone.to_string()),
                    ("cpu", cpu.clone()),
                ];
                metrics::counter!("perfattr_clone_calls_total", &labels).absolute(site.count);
            }
        }
    }
    for function in &dispatch.functions {
        let labels = [
            ("function", function.name.to_string()),
            ("clone", function.selected.to_string()),
            ("dispatch", function.dispatch.to_string()),
            ("chosen_by", function.chosen_by.to_string()),
            ("cpu", cpu.clone()),
        ];
        metrics::gauge!("perfattr_clone_selected", &labels).set(1.0);
    }
}

/// Starts a thread that calls [`publish`] every `interval` (the first time at once), for
/// exporters that serve their own scrapes. The thread runs as long as the process.
///
/// # Panics
/// If the thread cannot be spawned.
#[must_use = "the handle of the publishing thread (it never ends)"]
pub fn publish_every(interval: Duration) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("perfattr-metrics".into())
        .spawn(move || {
            loop {
                publish();
                std::thread::sleep(interval);
            }
        })
        .expect("spawn the perfattr-metrics thread")
}

/// `app::f [v3]` → (`app::f`, `v3`): a clone row's function and target.
fn clone_of(path: &str) -> Option<(&str, &str)> {
    let (function, rest) = path.rsplit_once(" [")?;
    Some((function, rest.strip_suffix(']')?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_clone_rows_path_names_its_function_and_target() {
        assert_eq!(
            super::clone_of("app::Request::parse [v4+avx512vnni]"),
            Some(("app::Request::parse", "v4+avx512vnni"))
        );
        assert_eq!(super::clone_of("app::parse"), None);
    }
}
