//! `#[bench_this]` end to end: the fixture crate (`tests/bench-fixture`) is built and its
//! bench target run through cargo, as a user would.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn cargo(args: &[&str]) -> Output {
    cargo_with(args, &[])
}

/// `cargo <args>` from the workspace root, with the fixture's own target directory (except for
/// `cargo tree`) and these environment variables.
fn cargo_with(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-fixture");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).arg(args[0]);
    if args[0] != "tree" {
        command.arg("--target-dir").arg(target);
    }
    command
        .args(&args[1..])
        .envs(env.iter().copied())
        .env_remove("RUSTFLAGS")
        .env_remove("PERFATTR_DISABLE")
        .output()
        .expect("run cargo")
}

/// `cargo bench` of the fixture's bench target, up to the `--` before criterion's options.
const FIXTURE_BENCH: &[&str] = &[
    "bench",
    "--offline",
    "-p",
    "perfattr-bench-fixture",
    "--bench",
    "fixture",
    "--",
];

fn bench(extra: &[&str]) -> String {
    let mut args = FIXTURE_BENCH.to_vec();
    args.extend_from_slice(extra);
    let output = cargo(&args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn every_function_registers_from_a_library_and_a_binary_private_and_nested_ones_included() {
    let listed: BTreeSet<String> = bench(&["--list"])
        .lines()
        .filter_map(|line| line.strip_suffix(": benchmark"))
        .map(str::to_owned)
        .collect();
    // The bench process runs without PERFATTR_DISABLE: every clone this CPU has.
    let usable = perfattr::cpu::detected();
    let mut expected: BTreeSet<String> = [
        "perfattr_bench_fixture::build_table/build_table",
        "perfattr_bench_fixture::fib/10",
        "perfattr_bench_fixture::fib/20",
        "perfattr_bench_fixture::nested::deeper::checksum/64",
        "perfattr_bench_fixture::nested::deeper::checksum/4096",
        "math/power/(2, 10)",
        "math/power/(3, 20)",
        "math/power_by_squaring/(2, 10)",
        "math/power_by_squaring/(3, 20)",
        "perfattr_bench_fixture::triple_u32/3",
        "perfattr_bench_fixture::triple_u64/triple_u64",
        "perfattr_bench_fixture::rotate_u16/7",
        "perfattr_bench_fixture::shout/shout",
        "perfattr_bench_fixture::Counter::sum_to/1000",
        "perfattr_bench_fixture::Turn::feed/64",
        "perfattr_bench_fixture::Turn::finish/finish",
        "perfattr_bench_fixture::Turn::boxed/boxed",
        "fixture::tool::count_primes/1000",
        "perfattr_bench_fixture::total/fallback/1024",
        "perfattr_bench_fixture::total/dispatched/1024",
        "perfattr_bench_fixture::ones/fallback/512",
        "perfattr_bench_fixture::ones/dispatched/512",
        "perfattr_bench_fixture::slow_avx2/fallback/256",
        "perfattr_bench_fixture::gated/2000",
        "perfattr_bench_fixture::contended/threads=1/50",
        "perfattr_bench_fixture::contended/threads=2/50",
        "perfattr_bench_fixture::sampled/1000",
        "perfattr_bench_fixture::unsampled/1000",
        "perfattr_bench_fixture::slow_avx2/dispatched/256",
        "perfattr_bench_fixture::add_one/fallback/41",
        "perfattr_bench_fixture::add_one/dispatched/41",
        "perfattr_bench_fixture::sum_but_tens/100",
        "perfattr_bench_fixture::filled/u8",
        "perfattr_bench_fixture::filled/u64",
        "perfattr_bench_fixture::filled/String",
        "perfattr_bench_fixture::boxed_array/u8/8",
        "perfattr_bench_fixture::boxed_array/u8/64",
        "perfattr_bench_fixture::boxed_array/u32/8",
        "perfattr_bench_fixture::boxed_array/u32/64",
        "perfattr_bench_fixture::sum_to_const/16",
        "perfattr_bench_fixture::sum_to_const/4096",
        "perfattr_bench_fixture::drain_sum/256",
        "perfattr_bench_fixture::append/append",
        "perfattr_bench_fixture::sort_descending/128",
        "perfattr_bench_fixture::largest/32",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // One benchmark per clone this CPU supports.
    for (function, clone, size, features) in [
        ("total", "avx2+fma", 1024, "avx2,fma"),
        ("total", "sse4", 1024, "sse4.1,sse4.2"),
        ("ones", "avx2", 512, "avx2"),
        ("ones", "sse4", 512, "sse4.1,sse4.2"),
        ("slow_avx2", "avx2", 256, "avx2"),
        ("slow_avx2", "sse4", 256, "sse4.1,sse4.2"),
        ("add_one", "avx2", 41, "avx2"),
        ("add_one", "sse4", 41, "sse4.1,sse4.2"),
    ] {
        if cfg!(target_arch = "x86_64")
            && usable.contains_all(perfattr::cpu::Features::from_list(features))
        {
            expected.insert(format!("perfattr_bench_fixture::{function}/{clone}/{size}"));
        }
    }
    assert_eq!(listed, expected);
}

/// Criterion's estimate for `id`, in nanoseconds.
fn measured(output: &str, id: &str) -> f64 {
    let line = output
        .lines()
        .skip_while(|line| !line.starts_with(id))
        .find(|line| line.contains("time:"))
        .unwrap_or_else(|| panic!("no time for {id} in:\n{output}"));
    let inside = line.split('[').nth(1).unwrap();
    let fields: Vec<&str> = inside.split_whitespace().collect();
    let value: f64 = fields[2].parse().unwrap();
    value
        * match fields[3] {
            "ps" => 0.001,
            "ns" => 1.0,
            "µs" | "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            unit => panic!("unit {unit}"),
        }
}

#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn the_benchmarks_measure_the_function() {
    let output = bench(&[
        "--warm-up-time",
        "0.2",
        "--measurement-time",
        "0.5",
        "fib|power|checksum",
    ]);
    // fib(20) does about 120 times the work of fib(10).
    let (fib10, fib20) = (
        measured(&output, "perfattr_bench_fixture::fib/10"),
        measured(&output, "perfattr_bench_fixture::fib/20"),
    );
    assert!(fib20 > 20.0 * fib10, "fib/10 {fib10} ns, fib/20 {fib20} ns");
    // Throughput: inferred bytes for the byte slice, the explicit element count for `pow`.
    let after = |id: &str| {
        output
            .lines()
            .skip_while(|line| !line.starts_with(id))
            .take(4)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        after("perfattr_bench_fixture::nested::deeper::checksum/4096").contains("B/s"),
        "{output}"
    );
    assert!(after("math/power/(3, 20)").contains("elem/s"), "{output}");
    assert!(output.contains("CPU features detected:"), "{output}");
}

#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn a_bench_target_with_no_benchmarks_fails_and_says_why() {
    let output = cargo(&[
        "run",
        "--offline",
        "-q",
        "-p",
        "perfattr-bench-fixture",
        "--example",
        "no_benches",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no #[bench_this] benchmark is linked"),
        "{stderr}"
    );
    assert!(
        stderr.contains("perfattr::bench_main!(my_crate"),
        "{stderr}"
    );
}

#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn a_debug_build_says_its_numbers_are_meaningless_and_runs_each_benchmark_once() {
    let output = cargo(&[
        "test",
        "--offline",
        "-p",
        "perfattr-bench-fixture",
        "--benches",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("WARNING: perfattr benchmarks built without optimizations"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Testing perfattr_bench_fixture::fib/20"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("Success").count(),
        stdout.matches("Testing ").count()
    );
}

/// With perfattr's `counters` feature, each function's benchmarks are followed by the counters
/// that moved, and per call of the function when it is counted itself.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn with_counters_the_benchmarks_report_what_moved() {
    let output = cargo(&[
        "test",
        "--offline",
        "-p",
        "perfattr-bench-fixture",
        "--features",
        "counters",
        "--benches",
        "--",
        "sum_but_tens|fib",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let report = stdout
        .split("perfattr counters while benchmarking perfattr_bench_fixture::sum_but_tens")
        .nth(1)
        .unwrap_or_else(|| panic!("no counters after the benchmark:\n{stdout}"));
    let per_call = report
        .lines()
        .find(|line| line.starts_with("per call of perfattr_bench_fixture::sum_but_tens: "))
        .unwrap_or_else(|| panic!("no per-call line:\n{report}"));
    let line = |kind: &str| {
        per_call
            .split(", ")
            .find(|entry| entry.contains(kind))
            .unwrap_or_else(|| panic!("no {kind} in {per_call}"))
            .to_owned()
    };
    assert!(line(":loop").ends_with(" 100.000"), "{per_call}");
    // The cold branch: 10 of the 100 values per call, flagged (10% > 1%).
    let branch = per_call
        .split(": ")
        .nth(1)
        .unwrap()
        .split(", ")
        .find(|entry| !entry.contains(":loop"))
        .unwrap();
    assert!(branch.ends_with(" 10.000"), "{per_call}");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("!!") && l.contains("branch")),
        "{report}"
    );
    // fib is not counted: nothing moved, nothing printed.
    assert!(
        !stdout.contains("perfattr counters while benchmarking perfattr_bench_fixture::fib"),
        "{stdout}"
    );
}

#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn the_normal_build_has_no_criterion() {
    let output = cargo(&[
        "tree",
        "--offline",
        "-e",
        "normal",
        "-p",
        "perfattr-bench-fixture",
    ]);
    let tree = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(tree.contains("perfattr v"), "{tree}");
    assert!(!tree.contains("criterion"), "{tree}");
}

/// Criterion's command line through plain `cargo bench -- …` in a library crate set up as the
/// README says (`bench = false` for the library and the binary): `--list` writes only the
/// benchmark names to stdout, and criterion's own options reach criterion.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn criterions_command_line_works_through_plain_cargo_bench() {
    let run = |extra: &[&str]| {
        let mut args = vec!["bench", "--offline", "-p", "perfattr-bench-fixture", "--"];
        args.extend_from_slice(extra);
        let output = cargo(&args);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stdout}\n{stderr}");
        assert!(!stderr.contains("bench = false"), "{stderr}");
        (stdout, stderr)
    };
    for list in [&["--list"][..], &["--list", "--format", "terse"]] {
        let (listed, stderr) = run(list);
        let names: Vec<&str> = listed
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect();
        assert!(names.len() > 10, "{listed}");
        assert!(
            names.iter().all(|line| line.ends_with(": benchmark")),
            "stdout of {list:?} has more than the names:\n{listed}"
        );
        assert!(stderr.contains("benchmarked function(s)"), "{stderr}");
    }
    let (measured, _) = run(&[
        "--warm-up-time",
        "0.1",
        "--measurement-time",
        "0.3",
        "--sample-size",
        "10",
        "--exact",
        "perfattr_bench_fixture::fib/10",
    ]);
    assert!(
        measured.contains("perfattr_bench_fixture::fib/10"),
        "{measured}"
    );
    assert!(
        !measured.contains("perfattr_bench_fixture::fib/20"),
        "{measured}"
    );
    assert!(measured.contains("time:"), "{measured}");
}

/// Functions that name one `group` share one criterion group: one report, one summary plot,
/// the reference implementation beside the crate's own.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn functions_with_one_group_share_one_criterion_group() {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("criterion-groups");
    let _ = std::fs::remove_dir_all(&home);
    let mut args = FIXTURE_BENCH.to_vec();
    args.extend(["--warm-up-time", "0.05", "--measurement-time", "0.1"]);
    args.extend(["--sample-size", "10", "^math/"]);
    let output = cargo_with(&args, &[("CRITERION_HOME", &home)]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(!stdout.contains("#2"), "{stdout}");
    let report = home.join("math/report/index.html");
    let html = std::fs::read_to_string(&report)
        .unwrap_or_else(|error| panic!("{}: {error}", report.display()));
    for id in ["power/(2, 10)", "power_by_squaring/(3, 20)"] {
        assert!(html.contains(id), "{id} missing from the group's report");
    }
}

/// A multiversioned function's clones, measured side by side in alternating rounds: a table of
/// ratios to the fallback, verdicts, the results file and the dispatch profile. The fixture's
/// `slow_avx2` does eight times the work in its AVX2 clone, which dispatch selects by rank on a
/// CPU with AVX2: the verdict must say that a lower clone is faster. Its `add_one` clones are one
/// machine code, measured once. Then the same run with that profile loaded
/// (`PERFATTR_RUNTIME_PROFILE`) dispatches `slow_avx2` by measurement.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn clones_are_compared_side_by_side_with_verdicts_a_results_file_and_a_profile() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("comparisons");
    let _ = std::fs::remove_dir_all(&dir);
    let (results, profile) = (dir.join("results.json"), dir.join("profile.json"));
    let mut args = FIXTURE_BENCH.to_vec();
    args.push("(slow_avx2|total|add_one)/compare");
    let env = [
        ("PERFATTR_COMPARE_TIME", Path::new("0.5")),
        ("PERFATTR_RESULTS", &results),
        ("PERFATTR_PROFILE_OUTPUT", &profile),
        ("CRITERION_HOME", &dir),
    ];
    let output = cargo_with(&args, &env);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    // The filter names no criterion benchmark: only the comparisons ran.
    assert!(!stdout.contains("Benchmarking"), "{stdout}");
    assert!(
        stdout.contains(
            "perfattr: perfattr_bench_fixture::slow_avx2/compare/256: the clones side by side"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "perfattr: dispatch profile written to {} (3 function(s) measured on ",
            profile.display()
        )),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).expect("results file")).unwrap();
    assert_eq!(json["schema"], 1);
    let comparisons = json["comparisons"].as_array().unwrap();
    let ids: Vec<&str> = comparisons
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "perfattr_bench_fixture::add_one/compare/41",
            "perfattr_bench_fixture::slow_avx2/compare/256",
            "perfattr_bench_fixture::total/compare/1024"
        ]
    );
    for comparison in comparisons {
        check_comparison(comparison);
    }
    check_profile(&profile, has("avx2") && has("sse4.1,sse4.2"));
    if !(has("avx2") && has("sse4.1,sse4.2")) {
        return;
    }
    // The profile loaded at run time: dispatch picks what it measured fastest.
    let mut args = FIXTURE_BENCH.to_vec();
    args.push("slow_avx2/compare");
    let env = [
        ("PERFATTR_COMPARE_TIME", Path::new("0.3")),
        ("PERFATTR_RESULTS", &results),
        ("PERFATTR_PROFILE_OUTPUT", &dir.join("again.json")),
        ("PERFATTR_RUNTIME_PROFILE", &profile),
        ("CRITERION_HOME", &dir),
    ];
    let output = cargo_with(&args, &env);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let comparison = &json["comparisons"][0];
    assert_eq!(comparison["chosen_by"], "measured", "{stdout}");
    assert_ne!(comparison["selected"], "avx2", "{stdout}");
    assert!(
        stdout.contains(&format!(
            "dispatch picks {} (measured)",
            comparison["selected"].as_str().unwrap()
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("dispatch picks avx2"), "{stdout}");
}

/// One comparison of the run: its contenders (one per machine code), ratios and verdicts.
fn check_comparison(comparison: &serde_json::Value) {
    // Reading machine code: Linux on x86-64.
    let reads_code = cfg!(all(target_os = "linux", target_arch = "x86_64"));
    let names: Vec<(&str, &str)> = comparison["contenders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    let id = comparison["id"].as_str().unwrap();
    let same_code: Vec<&str> = comparison["same_code"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| group["also"].as_array().unwrap())
        .map(|name| name.as_str().unwrap())
        .collect();
    let (best, best_features) = if id.contains("total") {
        ("avx2+fma", "avx2,fma")
    } else {
        ("avx2", "avx2")
    };
    if id.contains("add_one") && reads_code {
        assert_eq!(
            comparison["same_code"],
            serde_json::json!([{"measured": "fallback", "also": ["avx2", "sse4"]}]),
            "{comparison}"
        );
    }
    if id.contains("slow_avx2") {
        assert!(!same_code.contains(&"avx2"), "{comparison}");
    }
    // Every clone this CPU supports (one per machine code), the fallback, the dispatched
    // call, and the selected clone (its machine code's) called directly.
    let mut expected = Vec::new();
    if has(best_features) {
        expected.push((best, "clone"));
    }
    if has("sse4.1,sse4.2") {
        expected.push(("sse4", "clone"));
    }
    let selected = expected.first().map_or("fallback", |c| c.0);
    let measured_as = if same_code.contains(&selected) {
        "fallback"
    } else {
        selected
    };
    expected.retain(|(name, _)| !same_code.contains(name));
    expected.extend([
        ("fallback", "fallback"),
        ("dispatched", "dispatched"),
        (measured_as, "direct"),
    ]);
    assert_eq!(names, expected, "{comparison}");
    assert_eq!(comparison["selected"], selected);
    assert_eq!(comparison["chosen_by"], "rank");
    assert!(comparison["rounds"].as_u64().unwrap() >= 30, "{comparison}");
    for contender in comparison["contenders"].as_array().unwrap() {
        let ratio = &contender["vs_fallback"];
        let (low, median, high) = (
            ratio["low"].as_f64().unwrap(),
            ratio["median"].as_f64().unwrap(),
            ratio["high"].as_f64().unwrap(),
        );
        assert!(low <= median && median <= high, "{contender}");
        assert!(contender["ns_per_call"].as_f64().unwrap() > 0.0);
        if contender["role"] == "fallback" {
            assert_eq!((low, median, high), (1.0, 1.0, 1.0));
        }
    }
    let kinds: Vec<&str> = comparison["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.is_empty(), "{comparison}");
    if id.contains("slow_avx2") && has("avx2") && has("sse4.1,sse4.2") {
        let verdict = comparison["verdicts"][0]["text"].as_str().unwrap();
        let faster = if same_code.contains(&"sse4") {
            "fallback"
        } else {
            "sse4"
        };
        assert!(
            verdict.starts_with(&format!("dispatch picks avx2 but {faster} is")),
            "{comparison}"
        );
    }
    if id.contains("add_one") && reads_code {
        assert!(kinds.contains(&"same-code"), "{comparison}");
    }
}

/// Whether this CPU has `features` (x86-64 only).
fn has(features: &str) -> bool {
    cfg!(target_arch = "x86_64")
        && perfattr::cpu::detected().contains_all(perfattr::cpu::Features::from_list(features))
}

/// The dispatch profile a comparison run wrote: this CPU's identity, each function's clones,
/// each case's contenders fastest first, ratios to the first with their intervals.
fn check_profile(path: &Path, avx2_and_sse4: bool) {
    let text = std::fs::read_to_string(path).expect("dispatch profile");
    let profile = perfattr::profile::Profile::parse(&text).unwrap();
    assert_eq!(profile.machines.len(), 1, "{text}");
    let machine = &profile.machines[0];
    // The bench ran without PERFATTR_DISABLE (this suite also runs under it): its features
    // are every one the CPU has.
    let mut this_cpu = perfattr::profile::this_cpu();
    this_cpu.features = perfattr::cpu::detected()
        .names()
        .map(String::from)
        .collect();
    this_cpu.features.sort();
    assert!(machine.cpu.same_identity(&this_cpu), "{text}");
    let paths: Vec<&str> = machine
        .functions
        .iter()
        .map(|f| f.function.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "perfattr_bench_fixture::add_one",
            "perfattr_bench_fixture::slow_avx2",
            "perfattr_bench_fixture::total"
        ]
    );
    for function in &machine.functions {
        assert_eq!(function.cases.len(), 1, "{text}");
        let case = &function.cases[0];
        assert!(case.rounds >= 30, "{text}");
        let first = &case.contenders[0];
        assert_eq!(
            (first.ratio, first.low, first.high),
            (1.0, 1.0, 1.0),
            "{text}"
        );
        for pair in case.contenders.windows(2) {
            assert!(pair[0].ratio <= pair[1].ratio, "{text}");
        }
        for contender in &case.contenders {
            assert!(contender.low <= contender.ratio && contender.ratio <= contender.high);
        }
        if function.function.ends_with("slow_avx2") && avx2_and_sse4 {
            // Eight times the (vectorized) work: last, well beyond the noise (1.8x to 3.4x the
            // fastest, measured on Rust 1.85 and 1.95).
            let last = case.contenders.last().unwrap();
            assert_eq!(last.clones, ["avx2"], "{text}");
            assert!(last.low > 1.3, "{text}");
        }
    }
}

/// The results file lists every benchmark the run measured, with criterion's estimates; the
/// gate compares a run with a saved baseline and fails, with a table, when a benchmark got
/// slower beyond the noise: here `gated`, made four times slower between two runs.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn the_results_file_and_the_regression_gate() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gate");
    let _ = std::fs::remove_dir_all(&dir);
    let results = dir.join("results.json");
    let run = |extra: &[&str], env: &[(&str, &Path)]| {
        let mut args = FIXTURE_BENCH.to_vec();
        args.extend(["--warm-up-time", "0.1", "--measurement-time", "0.3"]);
        args.extend(["--sample-size", "20"]);
        args.extend_from_slice(extra);
        let mut env = env.to_vec();
        env.extend([
            ("CRITERION_HOME", dir.as_path()),
            ("PERFATTR_RESULTS", &results),
        ]);
        let output = cargo_with(&args, &env);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success(), stdout)
    };
    let (ok, stdout) = run(
        &[
            "--save-baseline",
            "before",
            "^perfattr_bench_fixture::(gated|fib|build_table)/",
        ],
        &[],
    );
    assert!(ok, "{stdout}");
    // The bench target installs the counting allocator: exact allocations per call, printed
    // after each function's benchmarks. `build_table` collects 256 `u32`s (one allocation of
    // 1 KiB); `fib` allocates nothing.
    for line in [
        "perfattr: allocations per call of perfattr_bench_fixture::build_table: 1 (1024 bytes)",
        "perfattr: allocations per call of perfattr_bench_fixture::fib: 10: 0 (0 bytes), 20: 0 (0 bytes)",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no `{line}` in:\n{stdout}"
        );
    }
    let before = check_results_file(&results, &stdout);

    // Eight times the work: the gate fails and names the benchmark. The slow run is saved as
    // a baseline of its own for the last run.
    let slowed = [
        ("PERFATTR_GATE", Path::new("before")),
        ("PERFATTR_GATE_THRESHOLD", Path::new("25")),
        ("FIXTURE_SLOWDOWN", Path::new("8")),
    ];
    let (ok, stdout) = run(
        &["--save-baseline", "slow", "^perfattr_bench_fixture::gated/"],
        &slowed,
    );
    assert!(!ok, "the gate passed an 8x slower benchmark:\n{stdout}");
    assert!(
        stdout.contains("1 benchmark(s) slower than baseline \"before\" by more than 25%"),
        "{stdout}"
    );
    // The table's row: the baseline's median, this run's, and the ratio.
    assert!(
        stdout.lines().any(|line| {
            line.trim_start()
                .starts_with("perfattr_bench_fixture::gated/2000")
                && line.contains(" ns [")
                && line.contains("->")
        }),
        "no row for gated:\n{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let after = json["benchmarks"][0]["median"]["ns"].as_f64().unwrap();
    assert_eq!(
        json["benchmarks"][0]["id"],
        "perfattr_bench_fixture::gated/2000"
    );
    // Eight times the loop: well above the gate's 25% (LLVM may overlap the repeats: Rust
    // 1.85 made 4 of them 2x).
    assert!(after > 1.5 * before, "before {before} ns, after {after} ns");

    // The usual work against the slow baseline: nothing is slower, the gate passes. (Against
    // "before" it would too on an idle machine; the tests run beside others, so the margin
    // is the slowdown's, not the machine's noise.)
    let gate = [
        ("PERFATTR_GATE", Path::new("slow")),
        ("PERFATTR_GATE_THRESHOLD", Path::new("25")),
    ];
    let (ok, stdout) = run(&["^perfattr_bench_fixture::gated/"], &gate);
    assert!(ok, "{stdout}");
    assert!(
        stdout.contains("no benchmark is slower than baseline \"slow\""),
        "{stdout}"
    );
}

/// `&mut self`, `mut self` and `self: Box<Self>` methods benchmark with a `setup` value made
/// for every call, outside the timing: the fixture's `Turn` panics when a value is used twice
/// (`&mut self` failed to compile before: E0596 at the attribute).
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn a_method_that_mutates_or_moves_its_receiver_gets_a_fresh_one_per_call() {
    let stdout = bench(&[
        "--warm-up-time",
        "0.1",
        "--measurement-time",
        "0.3",
        "--sample-size",
        "10",
        "Turn::",
    ]);
    for id in ["Turn::feed/64", "Turn::finish/finish", "Turn::boxed/boxed"] {
        let line = format!("perfattr_bench_fixture::{id}");
        let at = stdout
            .lines()
            .position(|l| l.trim() == line)
            .unwrap_or_else(|| panic!("no result for {id}:\n{stdout}"));
        assert!(
            stdout
                .lines()
                .nth(at + 1)
                .is_some_and(|l| l.contains("time:")),
            "{stdout}"
        );
    }
}

/// Bad settings stop the run before it measures, one line each; the gate fails closed.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn bad_settings_stop_the_run_and_the_gate_fails_closed() {
    let output = cargo_with(
        FIXTURE_BENCH,
        &[
            ("PERFATTR_COMPARE_TIME", Path::new("1e300")),
            ("PERFATTR_GATE", Path::new("new")),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("perfattr: PERFATTR_COMPARE_TIME=\"1e300\" is not accepted")
            && stderr.contains("perfattr: PERFATTR_GATE=\"new\" is not accepted"),
        "{stderr}"
    );

    // The bench executable, copied away and run from another directory without cargo's
    // environment: criterion's results and the gate's reading agree on where they are (the
    // copy's target directory), so the gate compares what the run measured.
    let built = cargo(&[
        "bench",
        "--offline",
        "-p",
        "perfattr-bench-fixture",
        "--bench",
        "fixture",
        "--no-run",
    ]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    let exe = stderr
        .lines()
        .find_map(|line| line.trim().strip_prefix("Executable benches/fixture.rs ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no executable in:\n{stderr}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let away = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gate-away");
    let _ = std::fs::remove_dir_all(&away);
    let deps = away.join("target/release/deps");
    std::fs::create_dir_all(&deps).unwrap();
    let copy = deps.join("fixture");
    std::fs::copy(root.join(exe), &copy).unwrap();
    let elsewhere = away.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = Command::new(&copy)
            .args([
                "--bench",
                "--warm-up-time",
                "0.1",
                "--measurement-time",
                "0.3",
            ])
            .args(["--sample-size", "10", "^perfattr_bench_fixture::gated/"])
            .args(args)
            .current_dir(&elsewhere)
            .env_remove("CARGO")
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CRITERION_HOME")
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("PERFATTR_DISABLE")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    };
    // A misspelled baseline fails, naming the ones there are.
    let (ok, text) = run(&["--save-baseline", "here"], &[("PERFATTR_GATE", "hree")]);
    assert!(
        !ok && text.contains("has a baseline named \"hree\"; baselines there: here"),
        "{text}"
    );
    assert!(away.join("target/criterion").is_dir(), "{text}");
    // The right name compares the one benchmark; `PERFATTR_RESULTS=-` prints the results.
    let (ok, text) = run(
        &["--save-baseline", "after"],
        &[
            ("PERFATTR_GATE", "here"),
            ("PERFATTR_GATE_THRESHOLD", "1000"),
            ("PERFATTR_RESULTS", "-"),
        ],
    );
    assert!(ok && text.contains("(1 compared)"), "{text}");
    assert!(text.contains("{\"schema\":1,"), "{text}");
    assert!(!elsewhere.join("-").exists());
}

/// The results file of the first run of `the_results_file_and_the_regression_gate`: every
/// benchmark of the run with criterion's estimates and its allocations; `gated`'s median.
fn check_results_file(results: &Path, console: &str) -> f64 {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(results).unwrap()).unwrap();
    assert_eq!(json["schema"], 1);
    let benchmarks = json["benchmarks"].as_array().unwrap();
    let ids: Vec<&str> = benchmarks
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "perfattr_bench_fixture::build_table/build_table",
            "perfattr_bench_fixture::fib/10",
            "perfattr_bench_fixture::fib/20",
            "perfattr_bench_fixture::gated/2000"
        ]
    );
    let table = &benchmarks[0]["allocations_per_call"];
    assert_eq!(
        (table["count"].as_f64(), table["bytes"].as_f64()),
        (Some(1.0), Some(1024.0))
    );
    assert_eq!(
        benchmarks[1]["allocations_per_call"]["count"].as_f64(),
        Some(0.0)
    );
    let median = |id: &str| {
        let bench = benchmarks.iter().find(|b| b["id"] == id).unwrap();
        let median = &bench["median"];
        let (low, ns, high) = (
            median["low"].as_f64().unwrap(),
            median["ns"].as_f64().unwrap(),
            median["high"].as_f64().unwrap(),
        );
        assert!(low <= ns && ns <= high, "{bench}");
        assert_eq!(bench["group"], id.rsplit_once('/').unwrap().0);
        ns
    };
    // What the run measured: fib(20) does about 120 times the work of fib(10).
    let (fib10, fib20) = (
        median("perfattr_bench_fixture::fib/10"),
        median("perfattr_bench_fixture::fib/20"),
    );
    assert!(fib20 > 20.0 * fib10, "fib/10 {fib10} ns, fib/20 {fib20} ns");
    // Criterion's console line shows its typical estimate (slope, else mean): the results file
    // has it beside the median, labelled, so the two numbers are not mistaken for each other.
    for bench in benchmarks {
        let id = bench["id"].as_str().unwrap();
        let typical = &bench["criterion_typical"];
        assert!(
            ["slope", "mean"].contains(&typical["statistic"].as_str().unwrap()),
            "{bench}"
        );
        let shown = console_estimate(console, id);
        let ns = typical["ns"].as_f64().unwrap();
        assert!(
            (ns - shown).abs() <= 0.005 * shown,
            "{id}: {ns} ns, console {shown} ns"
        );
    }
    median("perfattr_bench_fixture::gated/2000")
}

/// The middle of criterion's `time: [low estimate high]` line after benchmark `id`, in ns.
fn console_estimate(console: &str, id: &str) -> f64 {
    let mut lines = console.lines().skip_while(|line| line.trim() != id);
    let line = lines
        .find(|line| line.contains("time:"))
        .unwrap_or_else(|| panic!("no time line for {id}:\n{console}"));
    let inside = line.split('[').nth(1).unwrap().trim_end_matches(']');
    let words: Vec<&str> = inside.split_whitespace().collect();
    let value: f64 = words[2].parse().unwrap();
    let scale = match words[3] {
        "ps" => 1e-3,
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        unit => panic!("unit {unit} in {line}"),
    };
    value * scale
}

/// divan's options: `threads` runs the function on that many threads at once (a shared
/// counter's contention shows), `sample_count`/`min_time` set criterion's sampling, and
/// `sample_size` times several calls per iteration while still reporting per call.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn threads_and_sampling_options() {
    let mut args = FIXTURE_BENCH.to_vec();
    args.extend(["--warm-up-time", "0.1", "--measurement-time", "0.4"]);
    args.push("^perfattr_bench_fixture::(contended|sampled|unsampled)/");
    let run = cargo(&args);
    // Criterion's progress lines ("Collecting 10 samples …") go to standard error.
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{output}");
    let (one, two) = (
        measured(&output, "perfattr_bench_fixture::contended/threads=1/50"),
        measured(&output, "perfattr_bench_fixture::contended/threads=2/50"),
    );
    // The lock makes the two threads' calls take turns, asleep: from the first thread's start
    // to the last one's end the time holds both threads' calls, about 2x, however busy the
    // machine (each call's wake-up latency is in both). Only one thread's calls would be 1x.
    assert!(
        two > 1.5 * one,
        "one thread {one} ns, two contending {two} ns per call:\n{output}"
    );
    // `sample_count = 10`, and `min_time = 0.5` over the command line's 0.4 s.
    let collecting = output
        .lines()
        .find_map(|line| {
            line.strip_prefix(
                "Benchmarking perfattr_bench_fixture::sampled/1000: Collecting 10 samples in estimated ",
            )
        })
        .unwrap_or_else(|| panic!("no 10 samples for sampled:\n{output}"));
    let fields: Vec<&str> = collecting.split_whitespace().collect();
    let seconds = fields[0].parse::<f64>().unwrap()
        * match fields[1] {
            "ms" => 1e-3,
            "s" => 1.0,
            unit => panic!("unit {unit}"),
        };
    assert!((0.45..0.8).contains(&seconds), "{collecting}");
    let (sampled, unsampled) = (
        measured(&output, "perfattr_bench_fixture::sampled/1000"),
        measured(&output, "perfattr_bench_fixture::unsampled/1000"),
    );
    // Per call either way: a time per iteration of 8 calls would be 8x (the bounds leave room
    // for a machine shared with the other tests).
    let ratio = sampled / unsampled;
    assert!(
        (0.25..4.0).contains(&ratio),
        "sampled {sampled} ns, unsampled {unsampled} ns per call"
    );
}

/// `types` and `consts` make one benchmark per type and value of a generic function, and
/// `&mut` parameters borrow a fresh clone of the input in every call (the fixture's functions
/// assert that they never see a used one, so a reused input fails the run). The counting
/// allocator shows what each instance did: `filled::<T>` allocates `64 * size_of::<T>()` bytes,
/// `boxed_array::<T, N>` `N * size_of::<T>()`.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn generic_functions_and_mut_parameters() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generic");
    let _ = std::fs::remove_dir_all(&dir);
    let results = dir.join("results.json");
    let mut args = FIXTURE_BENCH.to_vec();
    args.extend(["--warm-up-time", "0.05", "--measurement-time", "0.2"]);
    args.extend(["--sample-size", "10"]);
    args.push(
        "^perfattr_bench_fixture::(filled|boxed_array|sum_to_const|drain_sum|append|sort_descending)/",
    );
    let output = cargo_with(
        &args,
        &[("CRITERION_HOME", &dir), ("PERFATTR_RESULTS", &results)],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let benchmarks = json["benchmarks"].as_array().unwrap();
    let find = |id: &str| {
        let id = format!("perfattr_bench_fixture::{id}");
        benchmarks
            .iter()
            .find(|b| b["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no {id} in {json:#}"))
    };
    let allocations = |id: &str| {
        let per_call = &find(id)["allocations_per_call"];
        (
            per_call["count"].as_f64().unwrap(),
            per_call["bytes"].as_f64().unwrap(),
        )
    };
    let string = f64::from(u32::try_from(size_of::<String>()).unwrap());
    for (id, bytes) in [
        ("filled/u8", 64.0),
        ("filled/u64", 512.0),
        ("filled/String", 64.0 * string),
        ("boxed_array/u8/8", 8.0),
        ("boxed_array/u8/64", 64.0),
        ("boxed_array/u32/8", 32.0),
        ("boxed_array/u32/64", 256.0),
    ] {
        assert_eq!(allocations(id), (1.0, bytes), "{id}");
    }
    assert_eq!(benchmarks.len(), 12, "{json:#}");
    // The fresh clones are made outside the counted calls: draining and sorting allocate
    // nothing; `append` grows its empty buffer once, to std's smallest capacity for bytes.
    assert_eq!(allocations("drain_sum/256"), (0.0, 0.0));
    assert_eq!(allocations("sort_descending/128"), (0.0, 0.0));
    assert_eq!(allocations("append/append"), (1.0, 8.0));
    // What `consts` measured: a 256 times longer loop.
    let median = |id: &str| find(id)["median"]["ns"].as_f64().unwrap();
    let (short, long) = (median("sum_to_const/16"), median("sum_to_const/4096"));
    assert!(long > 20.0 * short, "16: {short} ns, 4096: {long} ns");
    // Inferred throughput: the `&mut [u32]` input's length; none for an empty buffer.
    assert_eq!(
        find("sort_descending/128")["throughput"]["elements"].as_f64(),
        Some(128.0),
        "{json:#}"
    );
    assert!(find("append/append")["throughput"].is_null(), "{json:#}");
}

/// Criterion's `--baseline` compares with a saved baseline without replacing it, and
/// `--profile-time` runs the routine without analysis (and without perfattr's probes).
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn baselines_and_profile_time() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("baselines");
    let _ = std::fs::remove_dir_all(&dir);
    let run = |extra: &[&str]| {
        let mut args = FIXTURE_BENCH.to_vec();
        args.extend_from_slice(extra);
        args.extend(["--exact", "perfattr_bench_fixture::fib/10"]);
        let output = cargo_with(&args, &[("CRITERION_HOME", &dir)]);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stdout}\n{stderr}");
        (stdout, stderr)
    };
    let quick = ["--warm-up-time", "0.05", "--measurement-time", "0.1"];
    let saved = dir.join("perfattr_bench_fixture__fib/10/base/estimates.json");
    let (stdout, _) = run(&[&quick[..], &["--save-baseline", "base"]].concat());
    assert!(!stdout.contains("change:"), "{stdout}");
    let first = std::fs::read_to_string(&saved).unwrap();
    let (stdout, _) = run(&[&quick[..], &["--baseline", "base"]].concat());
    assert!(stdout.contains("change:"), "no comparison:\n{stdout}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), first);

    let (stdout, stderr) = run(&["--profile-time", "1"]);
    assert!(stderr.contains("Profiling for 1.0000 s"), "{stderr}");
    assert!(stdout.contains("Complete (Analysis Disabled)"), "{stdout}");
    assert!(!stdout.contains("time:   ["), "{stdout}");
    assert!(!stdout.contains("allocations per call"), "{stdout}");
}

/// `PERFATTR_TRACKING` writes the run's results for tracking tools as well: Bencher's metric
/// format (latency with its bounds, throughput where the benchmark declares one, allocations
/// and bytes as measures of their own) and github-action-benchmark's `customSmallerIsBetter`.
/// Both must say what the run's results file says, benchmark by benchmark.
#[test]
#[ignore = "end to end: nested `cargo bench` builds of the fixture (minutes); .ci/run runs it: cargo test -p perfattr-tests --test bench -- --ignored"]
fn tracking_tools_get_the_runs_measurements() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tracking");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (results, bmf, gab) = (
        dir.join("results.json"),
        dir.join("bmf.json"),
        dir.join("gab.json"),
    );
    let tracking = format!(
        "bencher:{},github-action-benchmark:{}",
        bmf.display(),
        gab.display()
    );
    let mut args = FIXTURE_BENCH.to_vec();
    args.extend(["--warm-up-time", "0.1", "--measurement-time", "0.2"]);
    args.extend(["--sample-size", "10"]);
    args.push("^(perfattr_bench_fixture::(build_table|fib)/|math/power)");
    let output = cargo_with(
        &args,
        &[
            ("CRITERION_HOME", &dir),
            ("PERFATTR_RESULTS", &results),
            ("PERFATTR_TRACKING", Path::new(&tracking)),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("perfattr: results for bencher written to"),
        "{stdout}"
    );
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (results, bmf, gab) = (read(&results), read(&bmf), read(&gab));
    let benchmarks = results["benchmarks"].as_array().unwrap();
    let bmf = bmf.as_object().unwrap();
    let gab = gab.as_array().unwrap();
    assert_eq!(bmf.len(), benchmarks.len(), "{bmf:?}");
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
    let (mut with_throughput, mut with_allocations) = (0, 0);
    for bench in benchmarks {
        let id = bench["id"].as_str().unwrap();
        let typical = &bench["criterion_typical"];
        let [ns, low, high] = ["ns", "low", "high"].map(|key| typical[key].as_f64().unwrap());
        // Bencher: latency is the console's estimate with its interval.
        let entry = &bmf[id];
        let latency = &entry["latency"];
        assert_eq!(
            ["value", "lower_value", "upper_value"].map(|key| &latency[key]),
            ["ns", "low", "high"].map(|key| &typical[key]),
            "{id}: {entry}"
        );
        if let Some((_, count)) = bench["throughput"]
            .as_object()
            .and_then(|t| t.iter().next())
        {
            with_throughput += 1;
            let count = count.as_f64().unwrap();
            let throughput = &entry["throughput"];
            assert!(
                close(throughput["value"].as_f64().unwrap(), count * 1e9 / ns),
                "{id}: {entry}"
            );
            assert!(close(
                throughput["lower_value"].as_f64().unwrap(),
                count * 1e9 / high
            ));
            assert!(close(
                throughput["upper_value"].as_f64().unwrap(),
                count * 1e9 / low
            ));
        } else {
            assert!(entry.get("throughput").is_none(), "{id}: {entry}");
        }
        let allocations = &bench["allocations_per_call"];
        let named = |name: &str| gab.iter().find(|e| e["name"] == name);
        if allocations.is_object() {
            with_allocations += 1;
            assert_eq!(entry["allocations"]["value"], allocations["count"], "{id}");
            assert_eq!(
                entry["allocated-bytes"]["value"], allocations["bytes"],
                "{id}"
            );
            let row = named(&format!("{id} allocations")).unwrap_or_else(|| panic!("{gab:?}"));
            assert_eq!(row["unit"], "allocations");
            assert_eq!(row["value"], allocations["count"]);
        }
        // github-action-benchmark: the same latency, in ns, with its range.
        let row = named(id).unwrap_or_else(|| panic!("no {id} in {gab:?}"));
        assert_eq!(row["unit"], "ns");
        assert_eq!(row["value"], typical["ns"], "{id}");
        let range = row["range"].as_str().unwrap();
        let half: f64 = range.strip_prefix("± ").unwrap().parse().unwrap();
        assert!(close(half, (high - low) / 2.0), "{id}: {range}");
    }
    assert!(with_throughput > 0 && with_allocations > 0, "{results}");
}
