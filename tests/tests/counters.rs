//! The `counters` feature: exact counts per site and per thread, threads that exit, reset,
//! the verdicts, JSON, the exit report and the test helpers.
#![deny(warnings, clippy::pedantic, unused_qualifications)]

use std::sync::{Barrier, Mutex, MutexGuard, PoisonError};
use std::thread;

use perfattr::counters::{self, CounterReport, Kind, Thresholds};
use perfattr::{cold_path, hot};

/// Tests that read or reset the process-wide totals run one at a time; the others measure
/// their own thread only and run in parallel.
fn global() -> MutexGuard<'static, ()> {
    static GLOBAL: Mutex<()> = Mutex::new(());
    GLOBAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One call in four takes the cold arm: a wrong hint.
#[hot]
fn quarter(x: u32) -> u32 {
    match x % 4 {
        #[cold_path]
        3 => x * 3,
        _ => x,
    }
}

/// A cold function called from the hot function's top level (not from a marked branch):
/// compared with the hot function's calls.
#[hot]
fn checked(x: u32) -> u32 {
    if x >= 990 {
        return overflow(x);
    }
    x
}

#[cold_path]
fn overflow(x: u32) -> u32 {
    x / 2
}

/// A cold branch inside a loop is compared with the loop's iterations, not the calls.
#[hot]
fn count_nonzero(xs: &[u32]) -> usize {
    let mut nonzero = 0;
    for &x in xs {
        if x == 0 {
            #[cold_path]
            continue;
        }
        nonzero += 1;
    }
    nonzero
}

/// ... and inside a closure, with the closure's calls.
#[hot]
fn sum_valid(xs: &[i64]) -> i64 {
    xs.iter()
        .map(|&x| {
            if x < 0 {
                #[cold_path]
                return 0;
            }
            x
        })
        .sum()
}

#[hot]
fn generic_len<T>(items: &[T]) -> usize {
    items.len()
}

#[test]
fn every_site_counts_its_executions_on_this_thread() {
    let counts = counters::measure(|| {
        for x in 0..1000 {
            quarter(x);
            checked(x);
        }
    });
    assert_eq!(counts.count("quarter"), 1000);
    let arm = counts.branches("quarter");
    assert_eq!(arm.len(), 1);
    assert_eq!(arm[0].count, 250);
    assert_eq!(arm[0].reference, Some(("quarter".to_owned(), 1000)));
    assert_eq!(arm[0].share, Some(0.25));
    assert!(arm[0].flagged, "{counts}");

    assert_eq!(counts.count("checked"), 1000);
    let overflow = counts.site("overflow").expect("overflow's site");
    assert_eq!((overflow.kind, overflow.count), (Kind::Cold, 10));
    assert_eq!(overflow.reference, Some(("checked".to_owned(), 1000)));
    assert_eq!(overflow.share, Some(0.01));
    // Exactly at the limit is not above it.
    assert!(!overflow.flagged, "{counts}");
    assert!(
        counts
            .with_thresholds(Thresholds {
                cold_max_share: 0.005,
                ..Thresholds::default()
            })
            .site("overflow")
            .unwrap()
            .flagged
    );
    // Module paths work too.
    assert_eq!(counts.count("counters::quarter"), 1000);
}

#[test]
fn a_branch_in_a_loop_or_closure_is_compared_with_its_iterations() {
    let xs: Vec<u32> = (0..1000).map(|i| u32::from(i % 200 != 0)).collect();
    let signed: Vec<i64> = (0..1000)
        .map(|i| if i % 500 == 0 { -1 } else { i })
        .collect();
    let counts = counters::measure(|| {
        assert_eq!(count_nonzero(&xs), 995);
        assert!(sum_valid(&signed) > 0);
    });
    let in_loop = counts.branches("count_nonzero");
    assert_eq!(in_loop[0].count, 5);
    let (loop_label, iterations) = in_loop[0].reference.clone().expect("the loop");
    assert!(loop_label.ends_with(":loop"), "{loop_label}");
    assert_eq!(iterations, 1000);
    assert_eq!(counts.count(&loop_label), 1000);
    assert_eq!(in_loop[0].share, Some(0.005));
    assert!(!in_loop[0].flagged);

    let in_closure = counts.branches("sum_valid");
    assert_eq!(in_closure[0].count, 2);
    let (closure_label, calls) = in_closure[0].reference.clone().expect("the closure");
    assert!(closure_label.ends_with(":closure"), "{closure_label}");
    assert_eq!(calls, 1000);

    // Their functions ran once each, and have loops: not judged by their calls.
    let function = counts.site("count_nonzero").unwrap();
    assert_eq!(function.count, 1);
    assert!(function.has_loop && !function.flagged, "{counts}");
    counts.assert_share_at_most(&in_loop[0].label, 0.01);
}

#[test]
#[should_panic(expected = "above the 1.00% allowed")]
fn the_share_assertion_fails_on_a_wrong_hint() {
    let counts = counters::measure(|| {
        for x in 0..8 {
            quarter(x);
        }
    });
    let arm = counts.branches("quarter")[0].label.clone();
    counts.assert_share_at_most(&arm, 0.01);
}

#[test]
fn named_counters_add_their_amounts() {
    // Where the first `count!` below is: a `count!` site is merged, and shown, by location.
    let line = line!() + 3;
    let counts = counters::measure(|| {
        for len in [3u64, 4, 5] {
            perfattr::count!("test_bytes", len);
            perfattr::count!("test_chunks");
        }
    });
    assert_eq!(counts.count("test_bytes"), 12);
    assert_eq!(counts.count("test_chunks"), 3);
    assert_eq!(counts.site("test_bytes").unwrap().kind, Kind::Named);
    let location = format!("{}:{line}:13", file!());
    assert_eq!(counts.site("test_bytes").unwrap().location, location);
}

#[test]
fn a_generic_function_counts_every_instantiation_in_one_site() {
    let counts = counters::measure(|| {
        generic_len(&[1u8, 2]);
        generic_len(&["a"]);
        generic_len::<()>(&[]);
    });
    assert_eq!(counts.count("generic_len"), 3);
    assert_eq!(
        counts
            .sites
            .iter()
            .filter(|s| s.label == "generic_len")
            .count(),
        1
    );
}

#[hot]
fn threaded(x: u64) -> u64 {
    if x % 1000 == 0 {
        #[cold_path]
        return threaded_rare(x);
    }
    x
}

#[cold_path]
fn threaded_rare(x: u64) -> u64 {
    x + 1
}

const THREADS: u64 = 4;
const CALLS: u64 = 100_000;

/// Exact totals with several writers: each thread writes only its own counts.
#[test]
fn totals_are_exact_across_threads_live_and_exited() {
    let _global = global();
    let before = counters::report().count("threaded");
    let ready = Barrier::new(usize::try_from(THREADS).unwrap() + 1);
    let done = Barrier::new(usize::try_from(THREADS).unwrap() + 1);
    thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                for x in 0..CALLS {
                    std::hint::black_box(threaded(std::hint::black_box(x)));
                }
                ready.wait();
                // Still alive while the main thread reads.
                done.wait();
            });
        }
        ready.wait();
        let live = counters::report().count("threaded") - before;
        // Release the threads before asserting: a failure must not leave them waiting.
        done.wait();
        assert_eq!(live, THREADS * CALLS);
    });
    // The threads have exited: their counts are kept, once.
    let exited = counters::report();
    assert_eq!(exited.count("threaded") - before, THREADS * CALLS);

    let measured = counters::measure_all(|| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                thread::spawn(|| {
                    for x in 0..CALLS {
                        std::hint::black_box(threaded(std::hint::black_box(x)));
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    });
    assert_eq!(measured.count("threaded"), THREADS * CALLS);
    assert_eq!(
        measured.branches("threaded")[0].count,
        THREADS * CALLS / 1000
    );
    assert_eq!(measured.count("threaded_rare"), THREADS * CALLS / 1000);
}

#[hot]
fn reset_probe() {}

#[test]
fn reset_starts_every_count_from_zero() {
    let _global = global();
    for _ in 0..5 {
        reset_probe();
    }
    assert!(counters::report().count("reset_probe") >= 5);
    counters::reset();
    assert_eq!(counters::report().count("reset_probe"), 0);
    reset_probe();
    reset_probe();
    assert_eq!(counters::report().count("reset_probe"), 2);
    // A thread's own measurement does not depend on the reset.
    let counts = counters::measure(reset_probe);
    assert_eq!(counts.count("reset_probe"), 1);
}

#[test]
fn the_json_carries_every_row() {
    let counts = counters::measure(|| {
        for x in 0..100 {
            quarter(x);
        }
    });
    let json: serde_json::Value = serde_json::from_str(&counts.to_json()).expect("valid JSON");
    let rows = json["sites"].as_array().unwrap();
    assert_eq!(rows.len(), counts.sites.len());
    for (row, site) in rows.iter().zip(&counts.sites) {
        assert_eq!(row["kind"], site.kind.name());
        assert_eq!(row["label"], site.label.as_str());
        assert_eq!(row["module"], site.module_path);
        assert_eq!(row["location"], site.location.as_str());
        assert_eq!(row["count"], site.count);
        assert_eq!(row["flagged"], site.flagged);
        assert_eq!(row["verdict"], site.verdict.as_str());
        assert_eq!(row["share"].as_f64(), site.share);
        match &site.reference {
            Some((label, count)) => {
                assert_eq!(row["reference"]["label"], label.as_str());
                assert_eq!(row["reference"]["count"], *count);
            }
            None => assert!(row["reference"].is_null()),
        }
    }
    assert_eq!(json["thresholds"]["cold_max_share"], 0.01);
    let full: serde_json::Value =
        serde_json::from_str(&perfattr::report::full().to_json()).expect("valid JSON");
    assert!(full["counters"]["sites"].is_array());
    assert!(full["dispatch"]["functions"].is_array());
}

#[test]
fn the_table_flags_the_wrong_hint() {
    let counts = counters::measure(|| {
        for x in 0..100 {
            quarter(x);
        }
    });
    let table = counts.to_string();
    let flagged: Vec<&str> = table.lines().filter(|l| l.starts_with("!!")).collect();
    assert_eq!(flagged.len(), 1, "{table}");
    assert!(flagged[0].contains("quarter:"), "{table}");
    assert!(flagged[0].contains("25%"), "{table}");
    assert!(counts.check(Thresholds::default()).is_err());
    assert!(
        counts
            .check(Thresholds {
                cold_max_share: 0.3,
                ..Thresholds::default()
            })
            .is_ok()
    );
}

#[hot]
fn exit_probe() {}

/// This test binary, to run again: through cargo's runner for this architecture when there is
/// one (`CARGO_TARGET_<TRIPLE>_RUNNER`, an emulator for a cross-compiled target), as cargo ran
/// this process.
fn this_test_binary() -> std::process::Command {
    let exe = std::env::current_exe().unwrap();
    let prefix = format!("CARGO_TARGET_{}_", std::env::consts::ARCH.to_uppercase());
    let runner = std::env::vars()
        .find(|(key, _)| key.starts_with(&prefix) && key.ends_with("_RUNNER"))
        .map(|(_, runner)| runner);
    let Some(runner) = runner else {
        return std::process::Command::new(exe);
    };
    let mut words = runner.split_whitespace();
    let mut command = std::process::Command::new(words.next().expect("a runner command"));
    command.args(words).arg(exe);
    command
}

/// Runs this test binary again with `PERFATTR_COUNTERS` set, in a child process that counts
/// three calls and exits: the report it writes at exit says so.
#[test]
fn the_report_is_written_at_exit_when_asked() {
    if let Some(mode) = std::env::var_os("PERFATTR_EXIT_CHILD") {
        if mode == "count" {
            for _ in 0..3 {
                exit_probe();
            }
        }
        return;
    }
    let text = exit_report("count", "json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let probe = json["counters"]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|site| site["label"] == "exit_probe")
        .expect("exit_probe's row");
    assert_eq!(probe["count"], 3);
    assert!(json["dispatch"]["functions"].is_array());
}

/// The exit report a child process writes to a `.{extension}` file (JSON or the table), after
/// counting (`mode` "count": three calls) or nothing ("nothing").
fn exit_report(mode: &str, extension: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("perfattr-exit-{}.{extension}", std::process::id()));
    let child = this_test_binary()
        .args([
            "--exact",
            "the_report_is_written_at_exit_when_asked",
            "--test-threads=1",
        ])
        .env("PERFATTR_EXIT_CHILD", mode)
        .env(counters::EXIT_REPORT_VAR, &path)
        .output()
        .unwrap();
    assert!(child.status.success(), "{child:?}");
    let text = std::fs::read_to_string(&path).expect("the exit report");
    std::fs::remove_file(&path).unwrap();
    text
}

/// A process that counted nothing still writes the report it was asked for, and says so.
#[test]
fn a_process_that_counted_nothing_still_writes_its_report() {
    let text = exit_report("nothing", "txt");
    assert!(
        text.contains("(nothing was counted: no counted site ran)"),
        "{text}"
    );
}

/// The report of a workload that ran nothing: every count zero, nothing flagged.
#[test]
fn an_empty_workload_flags_nothing() {
    let counts: CounterReport = counters::measure(|| {});
    assert!(counts.sites.iter().all(|site| site.count == 0));
    assert_eq!(counts.flagged().count(), 0, "{counts}");
}

/// `#[hot]` on a multiversioned function: each clone carries a copy of the site, and the
/// report shows them as one row that counts every call, whichever clone ran.
#[hot]
#[perfattr::multiversion(avx2, sse4)]
fn hot_and_multiversioned(xs: &[u32]) -> u32 {
    let mut sum = 0u32;
    for &x in xs {
        if x == u32::MAX {
            #[cold_path]
            return 0;
        }
        sum = sum.wrapping_add(x);
    }
    sum
}

#[test]
fn a_multiversioned_hot_function_has_one_row_for_all_its_clones() {
    let xs = [1, 2, 3];
    let counts = counters::measure(|| {
        perfattr::testing::for_each_level(|_| {
            assert_eq!(hot_and_multiversioned(&xs), 6);
        });
    });
    let levels = perfattr::testing::levels().len() as u64;
    let rows: Vec<_> = counts
        .sites
        .iter()
        .filter(|s| s.label.starts_with("hot_and_multiversioned") && s.kind != Kind::Clone)
        .collect();
    // The function and its loop (the branch is a third row).
    assert_eq!(rows.len(), 3, "{counts}");
    assert_eq!(counts.count("hot_and_multiversioned"), levels);
    let branch = counts.branches("hot_and_multiversioned")[0];
    assert_eq!(branch.reference.as_ref().unwrap().1, levels * 3);
}

/// Every clone of a multiversioned function counts its calls: the report shows which clones a
/// workload ran, as a share of the function's calls.
/// Whether the sse4 clone can run here (`PERFATTR_DISABLE` masks what the CPU has).
fn sse4_usable() -> bool {
    // (The feature names are x86's: another architecture has no sse4 clone.)
    cfg!(any(target_arch = "x86", target_arch = "x86_64"))
        && perfattr::cpu::usable().contains_all(perfattr::cpu::Features::from_list("sse4.1,sse4.2"))
}

#[test]
fn each_clone_counts_its_calls() {
    let xs = [1, 2, 3];
    let counts = counters::measure(|| {
        perfattr::testing::with_target("fallback", || {
            assert_eq!(hot_and_multiversioned(&xs), 6);
        });
        if sse4_usable() {
            perfattr::testing::with_target("sse4", || {
                for _ in 0..3 {
                    assert_eq!(hot_and_multiversioned(&xs), 6);
                }
            });
        }
    });
    let clones: Vec<(&str, u64, &str)> = counts
        .sites
        .iter()
        .filter(|s| s.kind == Kind::Clone)
        .filter(|s| s.label.starts_with("hot_and_multiversioned "))
        .map(|s| (s.label.as_str(), s.count, s.verdict.as_str()))
        .collect();
    let sse4 = if sse4_usable() { 3 } else { 0 };
    // One row per clone, the ones that did not run included (only x86 has the targets).
    let expected_rows = if cfg!(any(target_arch = "x86", target_arch = "x86_64")) {
        3
    } else {
        1
    };
    assert_eq!(clones.len(), expected_rows, "{counts}");
    assert_eq!(
        counts.count("hot_and_multiversioned [fallback]"),
        1,
        "{counts}"
    );
    let fallback = counts.site("hot_and_multiversioned [fallback]").unwrap();
    let share = if sse4 == 3 { "25%" } else { "100%" };
    assert_eq!(
        fallback.verdict,
        format!("ran {share} of the calls of hot_and_multiversioned"),
        "{counts}"
    );
    if expected_rows == 3 {
        assert_eq!(counts.count("hot_and_multiversioned [sse4]"), sse4);
        assert_eq!(counts.count("hot_and_multiversioned [avx2]"), 0);
        assert_eq!(
            counts
                .site("hot_and_multiversioned [avx2]")
                .unwrap()
                .verdict,
            "not run"
        );
    }
    // The JSON carries them too, with their kind.
    let json: serde_json::Value = serde_json::from_str(&counts.to_json()).unwrap();
    let fallback = json["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|site| site["label"] == "hot_and_multiversioned [fallback]")
        .unwrap();
    assert_eq!(fallback["kind"], "clone");
    assert_eq!(fallback["count"], 1);
}

/// An HTTP parser's shape: two types with a method of one name, a trait impl, an entry point
/// called once per request whose per-byte helper runs thousands of times per call, everything
/// called through a macro.
#[allow(clippy::unused_self)]
mod parser {
    use perfattr::hot;

    macro_rules! next {
        ($e:expr) => {
            $e
        };
    }

    pub struct Request;
    pub struct Response;

    pub trait Parse {
        fn parse(&self, buf: &[u8]) -> usize;
    }

    #[hot]
    fn is_token(b: u8) -> bool {
        if b == 0xFF {
            return escape(b);
        }
        b.is_ascii_alphanumeric()
    }

    /// Runs on one byte in 2,000: a rare path of `is_token`, wrongly `#[hot]`.
    #[hot]
    fn escape(b: u8) -> bool {
        b == 0
    }

    impl Request {
        #[hot]
        pub fn parse_with_config(&self, buf: &[u8]) -> usize {
            let mut n = 0;
            for &b in buf {
                if next!(is_token(b)) {
                    n += 1;
                }
            }
            n
        }
    }

    impl Response {
        #[hot]
        pub fn parse_with_config(&self, buf: &[u8]) -> usize {
            buf.iter().filter(|&&b| next!(is_token(b))).count()
        }
    }

    impl Parse for Request {
        #[hot]
        fn parse(&self, buf: &[u8]) -> usize {
            if buf.len() > 1 << 20 {
                #[cfg_attr(all(), perfattr::cold_path)]
                {
                    return 0;
                }
            }
            match buf.first() {
                #[cfg_attr(any(), perfattr::cold_path, inline)]
                None => 0,
                Some(_) => next!(self.parse_with_config(buf)),
            }
        }
    }

    /// Called once in the run, from unannotated code, and calls no hot code.
    #[hot]
    pub fn reset_stats() -> usize {
        7
    }
}

/// Adler-32's shape: a public entry point without a loop, a method with the loop, a per-byte
/// helper; a cold function reached through a closure, a hot one passed by name.
mod adler {
    use perfattr::{cold_path, hot};

    #[derive(Default)]
    pub struct Adler {
        a: u32,
        b: u32,
    }

    impl Adler {
        #[hot]
        fn write(&mut self, data: &[u8]) {
            for &byte in data {
                self.update(byte);
            }
        }

        #[hot]
        fn update(&mut self, byte: u8) {
            self.a = (self.a + u32::from(byte)) % 65521;
            self.b = (self.b + self.a) % 65521;
        }

        fn finish(&self) -> u32 {
            (self.b << 16) | self.a
        }
    }

    #[hot]
    pub fn checksum(data: &[u8]) -> u32 {
        let mut hasher = Adler::default();
        hasher.write(data);
        hasher.finish()
    }

    #[hot]
    pub fn checksum_of(data: Option<&[u8]>) -> u32 {
        data.map_or_else(|| missing("no data"), checksum)
    }

    #[cold_path]
    fn missing(why: &str) -> u32 {
        u32::try_from(why.len()).unwrap_or(u32::MAX)
    }
}

/// Labels carry the type: two methods of one name are two rows, named as a user writes them;
/// a name that fits both is refused, not summed.
#[test]
fn labels_name_the_type_and_the_trait() {
    use parser::Parse as _;
    let report = counters::measure(|| {
        for _ in 0..10 {
            std::hint::black_box(parser::Request.parse(&[b'a'; 2000]));
        }
        std::hint::black_box(parser::Response.parse_with_config(&[]));
    });
    let module = module_path!();
    let row = |label: &str| {
        report
            .sites
            .iter()
            .find(|s| s.label == label)
            .unwrap_or_else(|| panic!("no row {label}:\n{report}"))
    };
    assert_eq!(row("Request::parse_with_config").count, 10);
    assert_eq!(row("Response::parse_with_config").count, 1);
    assert_eq!(
        row("Request::parse_with_config").path,
        format!("{module}::parser::Request::parse_with_config")
    );
    assert_eq!(row("<Request as Parse>::parse").count, 10);
    assert_eq!(report.count("Request::parse_with_config"), 10);
    assert_eq!(report.count("Response::parse_with_config"), 1);
    let ambiguous = std::panic::catch_unwind(|| report.count("parse_with_config"))
        .expect_err("a name two rows fit");
    let message = ambiguous.downcast_ref::<String>().unwrap();
    assert!(
        message.contains(&format!("{module}::parser::Request::parse_with_config"))
            && message.contains(&format!("{module}::parser::Response::parse_with_config")),
        "{message}"
    );
    // The `cfg_attr` markers: the one whose predicate holds is a counted branch, the other is
    // compiled out.
    assert_eq!(report.branches("<Request as Parse>::parse").len(), 1);
}

/// A hot function is judged against the hot code that calls it, an entry point against all
/// counted hot calls, its callees' included: the parser's and the checksum's entry points and
/// helpers are fine; a rare path marked `#[hot]` is flagged, its verdict saying what to change;
/// a function only unannotated code calls, which calls no hot code, is not judged.
#[test]
fn hot_functions_are_judged_by_their_callers_and_the_work_they_account_for() {
    use parser::Parse as _;
    let mut buf = [b'a'; 2000];
    buf[7] = 0xFF;
    let report = counters::measure(|| {
        for _ in 0..10 {
            std::hint::black_box(parser::Request.parse(std::hint::black_box(&buf)));
        }
        std::hint::black_box(parser::reset_stats());
        for _ in 0..5 {
            std::hint::black_box(adler::checksum_of(Some(std::hint::black_box(&[7; 4096]))));
        }
    });
    let verdict = |label: &str| {
        let site = report
            .sites
            .iter()
            .find(|s| s.label == label)
            .unwrap_or_else(|| panic!("no row {label}:\n{report}"));
        (site.flagged, site.verdict.clone())
    };
    // The entry point: 10 calls among 20,000 per-byte ones, not flagged.
    let (flagged, text) = verdict("<Request as Parse>::parse");
    assert!(
        !flagged && text.starts_with("ok: it and the hot code it calls made"),
        "{text}"
    );
    assert_eq!(
        verdict("Request::parse_with_config"),
        (
            false,
            "ok (has a loop: its calls do not measure its work)".into()
        )
    );
    assert_eq!(
        verdict("is_token"),
        (
            false,
            "ok: 2000.00 per call of Request::parse_with_config + \
             Response::parse_with_config"
                .into()
        )
    );
    assert_eq!(
        verdict("escape"),
        (
            true,
            "hot, but ran on 0.050% of the calls of is_token (limit 0.1%): a rare \
             path there; mark it `#[cold_path]` instead"
                .into()
        )
    );
    // Only unannotated code calls it, and it calls no hot code: nothing tells how much work
    // it stands for, so it is not judged (it was judged as an entry point and flagged).
    assert_eq!(
        verdict("reset_stats"),
        (false, "not judged: no counted caller".into())
    );
    // Adler-32: the public entry points and the per-byte helper.
    for label in ["checksum_of", "checksum", "Adler::update"] {
        assert!(!verdict(label).0, "{label}: {}", verdict(label).1);
    }
    assert_eq!(
        verdict("Adler::update").1,
        "ok: 4096.00 per call of Adler::write"
    );
    assert_eq!(verdict("checksum").1, "ok: 1.00 per call of checksum_of");
}

/// A cold function called through a closure (`map_or_else(|| missing(..), …)`) is judged against
/// the hot function the closure is in.
#[test]
fn a_cold_function_called_through_a_closure_is_judged() {
    let report = counters::measure(|| {
        for i in 0..100u32 {
            let data: &[u8] = &[1, 2, 3];
            std::hint::black_box(adler::checksum_of((i % 2 == 0).then_some(data)));
        }
    });
    let missing = report.site("adler::missing").unwrap();
    assert_eq!(missing.reference, Some(("checksum_of".into(), 100)));
    assert!(missing.flagged, "{report}");
    assert_eq!(
        missing.verdict,
        "cold, but ran on 50% of checksum_of (limit 1.0%)"
    );
}

macro_rules! reject_odd {
    ($x:expr) => {
        if $x % 2 == 1 {
            perfattr::cold!();
            return 0;
        }
    };
}

#[hot]
fn evens_only(x: u32) -> u32 {
    reject_odd!(x);
    x / 2
}

/// `cold!()` in a `macro_rules!` body, where an attribute cannot go: counted, and judged
/// against the hot function it expands in.
#[test]
fn cold_macro_in_a_macro_rules_body_is_counted_and_judged() {
    let report = counters::measure(|| {
        for x in 0..100 {
            std::hint::black_box(evens_only(std::hint::black_box(x)));
        }
    });
    let branches = report.branches("evens_only");
    assert_eq!(branches.len(), 1, "{report}");
    assert_eq!(branches[0].count, 50);
    assert_eq!(branches[0].reference, Some(("evens_only".into(), 100)));
    assert!(branches[0].flagged);
    assert_eq!(
        branches[0].verdict,
        "cold, but ran on 50% of evens_only (limit 1.0%)"
    );
}

#[hot(count = false)]
fn uncounted(x: u32) -> u32 {
    match x % 4 {
        #[cold_path]
        3 => x * 3,
        _ => x,
    }
}

/// `count = false` leaves a function and its branches without counter sites: nothing to
/// register, nothing in any report.
#[test]
fn count_false_leaves_a_function_and_its_branches_uncounted() {
    let report = counters::measure(|| {
        for x in 0..100 {
            std::hint::black_box(uncounted(std::hint::black_box(x)));
        }
    });
    let rows = |report: &CounterReport| {
        report
            .sites
            .iter()
            .filter(|s| s.label.starts_with("uncounted"))
            .count()
    };
    assert_eq!(rows(&report), 0, "{report}");
    assert_eq!(rows(&counters::report()), 0);
    // The same shape counted has a function row and a branch row.
    let counted = counters::measure(|| {
        std::hint::black_box(quarter(std::hint::black_box(3)));
    });
    assert_eq!(counted.count("quarter"), 1);
    assert_eq!(counted.branches("quarter").len(), 1);
}

/// The HTTP parser's shape: everything goes through a macro.
macro_rules! call {
    ($e:expr) => {
        $e
    };
}

#[hot]
fn via_macro(x: u32) -> u32 {
    if x % 200 == 7 {
        return call!(rare_via_macro(x));
    }
    x
}

#[cold_path]
fn rare_via_macro(x: u32) -> u32 {
    x * 2
}

/// A `#[cold_path]` function called through a macro is compared with the hot function that
/// calls it, as a direct call would be.
#[test]
fn a_cold_function_called_through_a_macro_is_judged() {
    let report = counters::measure(|| {
        for x in 0..1000 {
            std::hint::black_box(via_macro(std::hint::black_box(x)));
        }
    });
    let rare = report.site("rare_via_macro").expect("its site");
    assert_eq!(rare.count, 5);
    assert_eq!(rare.reference, Some(("via_macro".to_owned(), 1000)));
    assert!(!rare.flagged, "{report}");
}
