//! The exit report: with `PERFATTR_COUNTERS` set, the counters and the dispatch table are
//! written when the process exits (JSON for a `.json` path, the table otherwise, `-` for
//! standard error).

use core::sync::atomic::AtomicBool;
use core::sync::atomic::Ordering::Relaxed;

use super::{audit, threads};
use crate::report::dispatch::dispatch;
use crate::report::full::Report;

/// The environment variable that asks for the report.
pub const VAR: &str = "PERFATTR_COUNTERS";

/// Registers the exit report once, if `PERFATTR_COUNTERS` asks for it.
pub fn install() {
    // SAFETY: `atexit` is C's, with this signature; it takes any `extern "C" fn()` and may be
    // called from any thread.
    unsafe extern "C" {
        safe fn atexit(callback: extern "C" fn()) -> core::ffi::c_int;
    }
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Relaxed) || std::env::var_os(VAR).is_none() {
        return;
    }
    atexit(write);
}

extern "C" fn write() {
    let Some(target) = std::env::var_os(VAR) else {
        return;
    };
    let report = Report {
        counters: Some(audit::of_all_threads(&threads::totals())),
        dispatch: dispatch(),
    };
    let path = std::path::Path::new(&target);
    let result = if target == "-" {
        use std::io::Write as _;
        std::write!(std::io::stderr(), "{report}")
    } else if path.extension().is_some_and(|e| e == "json") {
        crate::file::write_atomically(path, report.to_json().as_bytes())
    } else {
        crate::file::write_atomically(path, std::format!("{report}").as_bytes())
    };
    if let Err(error) = result {
        std::eprintln!(
            "perfattr: cannot write the counter report to {}: {error}",
            path.display()
        );
    }
}
