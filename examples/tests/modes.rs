//! Every dispatch mode runs the clone the CPU allows: in this process (patched before `main`),
//! under the testing helpers, and in child processes under `PERFATTR_DISABLE=all`,
//! `PERFATTR_PATCH=off`, a bad `PERFATTR_PATCH`, a refused patch (the test hook, and a real W^X
//! policy: `prctl(PR_SET_MDWE)`), and with two threads making every first call at once.
//! `scripts/emulated-cpus.sh` runs the `dispatch_modes` example under emulated CPUs.

use std::process::Command;

use perfattr::Patching;
use perfattr::cpu::Features;
use perfattr_examples::modes;

/// The clone `which_*` (targets v4, avx2, sse4) must run where `features` are usable.
fn expected(features: Features) -> &'static str {
    let all = |names: &[&str]| names.iter().all(|name| features.contains(name));
    if all(&[
        "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl", "avx2", "fma",
    ]) {
        "v4"
    } else if all(&["avx2"]) {
        "avx2"
    } else if all(&["sse4.1", "sse4.2"]) {
        "sse4"
    } else {
        "fallback"
    }
}

/// `compile_time` runs what the build's target features allow, whatever the CPU; in a build
/// with the testing helpers, `PERFATTR_DISABLE` masking a feature makes it dispatch at run
/// time, as compile-time dispatch does, so the masks and the report agree.
fn expected_compile_time() -> &'static str {
    if perfattr::cpu::usable() == perfattr::cpu::detected() {
        expected(perfattr::cpu::compile_time())
    } else {
        expected(perfattr::cpu::usable())
    }
}

/// `(mode, clone)` answers against the clone for `usable` (`compile_time`'s against its own).
fn check(answers: &[(&str, &str)], usable: &str, compile_time: &str, context: &str) {
    for (mode, clone) in answers {
        let want = if *mode == "compile_time" {
            compile_time
        } else {
            usable
        };
        assert_eq!(*clone, want, "{mode} ran {clone}, not {want} ({context})");
    }
}

#[test]
fn patched_calls_jump_straight_to_the_selected_clone() {
    if std::env::var_os("PERFATTR_PATCH").is_some() {
        return; // a child of the tests below, or a run that turned patching off
    }
    assert_eq!(perfattr::patching(), Patching::Patched);
    // Only this test calls `scale_*`: their run-time paths (pointer, index) have never run.
    let input = 0x1234_5678_u64;
    assert_eq!(modes::scale_patched(input), input * 3);
    assert_eq!(modes::scale_generic_patched(input), input * 3);
    assert_eq!(modes::scale_generic_patched(7_u8), 21);
    for entry in perfattr::__private::MULTIVERSIONED {
        let name = entry.name();
        if name.ends_with("::scale_patched") || name.ends_with("::scale_generic_patched") {
            assert!(entry.patch.is_some(), "{name} has no keys");
            assert_eq!(entry.choice.get(), None, "{name} chose at run time");
            assert!(
                !entry.slot.is_some_and(perfattr::__private::Slot::resolved),
                "{name} resolved its pointer"
            );
        }
    }
    let report = perfattr::report::dispatch();
    for row in report
        .functions
        .iter()
        .filter(|row| row.name.contains("::modes::"))
    {
        let want = match row.name.rsplit("::").next() {
            Some(name) if name.contains("patched") || name == "which" => "patched",
            Some("which_auto" | "which_pointer") => "pointer",
            Some("which_compile_time") => "compile time",
            _ => "index",
        };
        assert_eq!(row.dispatch, want, "{}", row.name);
        if want == "compile time" && row.chosen_by == "compile time" {
            // Not "its features are enabled": `compile_time` may run the fallback.
            assert!(
                row.why
                    .starts_with("compile time (dispatch = compile_time): the build enables"),
                "{}",
                row.why
            );
        }
    }
    assert_eq!(report.patching, "patched before main");
}

#[test]
fn every_mode_runs_the_clone_this_cpu_allows() {
    let usable = expected(perfattr::cpu::usable());
    check(
        &modes::which_all(),
        usable,
        expected_compile_time(),
        "natively",
    );
}

#[test]
fn the_testing_helpers_force_every_level_with_patching_on() {
    perfattr::testing::for_each_level(|level| {
        // A forced level holds for every mode, `compile_time` too (in a testing build).
        let want = expected(level.features);
        check(&modes::which_all(), want, want, &format!("level {level}"));
    });
}

/// The child's side: prints `clone <mode> <clone>` lines and `patching <state>`, after two
/// threads made every first call at once.
#[test]
fn child() {
    if std::env::var_os("MODES_CHILD").is_none() {
        return;
    }
    println!();
    let start = std::sync::Barrier::new(2);
    let answers: Vec<_> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    modes::which_all()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for answer in answers.iter().chain([&modes::which_all()]) {
        for (mode, clone) in answer {
            println!("clone {mode} {clone}");
        }
    }
    let report = perfattr::report::dispatch();
    for row in report
        .functions
        .iter()
        .filter(|row| row.name.contains("::modes::"))
    {
        println!(
            "dispatch {} {} {}",
            row.name,
            row.dispatch.replace(' ', "-"),
            row.chosen_by.replace(' ', "-")
        );
    }
    println!("expected {}", expected(perfattr::cpu::usable()));
    println!("expected_compile_time {}", expected_compile_time());
    println!("patching {}", report.patching);
}

/// Runs [`child`] with `env`, `mdwe` turning on the kernel's W^X policy first; its lines.
fn run_child(env: &[(&str, &str)], mdwe: bool) -> Vec<String> {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("MODES_CHILD", "1")
        .env("PERFATTR_PATCH", "on")
        .env_remove("PERFATTR_DISABLE")
        .envs(env.iter().copied());
    if mdwe {
        use std::os::unix::process::CommandExt;
        unsafe extern "C" {
            fn prctl(option: i32, ...) -> i32;
        }
        const PR_SET_MDWE: i32 = 65;
        const PR_MDWE_REFUSE_EXEC_GAIN: u64 = 1;
        // SAFETY: `prctl` is async-signal-safe and touches only this (forked) process.
        unsafe {
            command.pre_exec(|| {
                if prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0_u64, 0_u64, 0_u64) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let output = command
        .output()
        .expect("the child runs (PR_SET_MDWE needs Linux 6.3)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "child {env:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout.lines().map(str::to_owned).collect()
}

/// The child's answers (18 per thread and the main thread's), checked, and its patching line.
fn answers(lines: &[String], context: &str) -> String {
    let line = |key: &str| {
        lines
            .iter()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("no {key} line: {lines:?}"))
    };
    let (usable, compile_time) = (line("expected"), line("expected_compile_time"));
    let answers: Vec<(&str, &str)> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("clone ")?.split_once(' '))
        .collect();
    assert_eq!(answers.len(), 21, "{context}: {lines:?}");
    check(&answers, usable, compile_time, context);
    line("patching").to_owned()
}

/// How the child's calls of `function` reached its clone (the report's `dispatch`).
fn dispatch_of<'a>(lines: &'a [String], function: &str) -> &'a str {
    dispatch_line(lines, function).0
}

/// The report's `dispatch` and `chosen_by` for `function` in the child.
fn dispatch_line<'a>(lines: &'a [String], function: &str) -> (&'a str, &'a str) {
    lines
        .iter()
        .filter_map(|line| line.strip_prefix("dispatch "))
        .find_map(|rest| {
            rest.strip_prefix(function)?
                .strip_prefix(' ')?
                .split_once(' ')
        })
        .unwrap_or_else(|| panic!("no dispatch line for {function}: {lines:?}"))
}

const PATCHED: &str = "perfattr_examples::modes::which_patched";
const GENERIC: &str = "perfattr_examples::modes::which_generic_patched";

#[test]
fn patched_in_a_child_with_two_threads_at_the_first_call() {
    let lines = run_child(&[], false);
    assert_eq!(answers(&lines, "patched"), "patched before main");
    assert_eq!(dispatch_of(&lines, PATCHED), "patched");
    assert_eq!(dispatch_of(&lines, GENERIC), "patched");
}

#[test]
fn patched_to_the_fallback_under_perfattr_disable_all() {
    let lines = run_child(&[("PERFATTR_DISABLE", "all")], false);
    assert_eq!(
        answers(&lines, "PERFATTR_DISABLE=all"),
        "patched before main"
    );
    let clones: Vec<&String> = lines.iter().filter(|l| l.starts_with("clone ")).collect();
    assert!(
        clones.iter().all(|l| l.ends_with(" fallback")),
        "{clones:?}"
    );
    assert_eq!(dispatch_of(&lines, PATCHED), "patched");
}

#[test]
fn turned_off_or_set_wrong_it_takes_the_run_time_path() {
    let lines = run_child(&[("PERFATTR_PATCH", "off")], false);
    assert!(answers(&lines, "off").starts_with("off (PERFATTR_PATCH=off)"));
    assert_eq!(dispatch_of(&lines, PATCHED), "pointer-(not-patched)");
    assert_eq!(dispatch_of(&lines, GENERIC), "index-(not-patched)");
    let lines = run_child(&[("PERFATTR_PATCH", "yes")], false);
    assert!(answers(&lines, "bad setting").starts_with("not patched: PERFATTR_PATCH is neither"));
    assert_eq!(dispatch_of(&lines, PATCHED), "pointer-(not-patched)");
}

#[test]
fn refused_patching_falls_back_to_the_pointer_and_says_why() {
    let lines = run_child(&[("PERFATTR_PATCH_REFUSE_FOR_TEST", "mremap")], false);
    let said = answers(&lines, "hook");
    assert!(said.starts_with("refused: mremap failed"), "{said}");
    assert_eq!(dispatch_of(&lines, PATCHED), "pointer-(not-patched)");
    // A real W^X policy: the kernel refuses to make a written page executable.
    let lines = run_child(&[], true);
    let said = answers(&lines, "PR_SET_MDWE");
    assert!(
        said.starts_with("refused: mprotect failed (Permission denied"),
        "{said}"
    );
    assert_eq!(dispatch_of(&lines, PATCHED), "pointer-(not-patched)");
    assert_eq!(dispatch_of(&lines, GENERIC), "index-(not-patched)");
}

/// A run-time dispatch profile that measured `sse4` twice as fast as every better clone on this
/// CPU model: the constructor patches the call sites to `sse4` (where the CPU has it), as a
/// first call would choose, and says the clone was `measured`.
#[test]
fn patching_follows_a_measured_dispatch_profile() {
    use perfattr::profile::{Case, Contender, Function, Profile};
    if !perfattr::cpu::usable().contains("sse4.2") || expected(perfattr::cpu::usable()) == "sse4" {
        return; // nothing to choose over (a CPU without SSE4.2, or whose best is SSE4)
    }
    let contender = |clone: &str, ratio: f64| Contender {
        clones: vec![clone.into()],
        ns: ratio,
        ratio,
        low: ratio,
        high: ratio,
    };
    let mut profile = Profile::default();
    let cpu = perfattr::profile::this_cpu();
    for function in [
        "which_patched",
        "which_generic_patched",
        "Probe::which",
        "which_auto",
    ] {
        profile.record(
            &cpu,
            Function {
                function: format!("perfattr_examples::modes::{function}"),
                clones: ["v4", "avx2", "sse4", "fallback"]
                    .map(String::from)
                    .to_vec(),
                measured: 1,
                cases: vec![Case {
                    input: String::new(),
                    rounds: 50,
                    contenders: vec![
                        contender("sse4", 1.0),
                        contender("avx2", 2.0),
                        contender("v4", 2.0),
                    ],
                }],
            },
        );
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("modes");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("profile.json");
    std::fs::write(&path, profile.to_json()).unwrap();
    let lines = run_child(
        &[("PERFATTR_RUNTIME_PROFILE", path.to_str().unwrap())],
        false,
    );
    let clones: Vec<(&str, &str)> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("clone ")?.split_once(' '))
        .collect();
    for mode in ["patched", "generic_patched", "method_patched", "auto"] {
        assert!(
            clones
                .iter()
                .filter(|(m, _)| *m == mode)
                .all(|(_, clone)| *clone == "sse4"),
            "{mode}: {clones:?}"
        );
    }
    assert!(
        lines.contains(&"patching patched before main".to_owned()),
        "{lines:?}"
    );
    assert_eq!(dispatch_line(&lines, PATCHED), ("patched", "measured"));
    assert_eq!(dispatch_line(&lines, GENERIC), ("patched", "measured"));
}
