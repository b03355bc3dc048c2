//! Measured dispatch: the dispatch profile the build script writes (made-up measurements for
//! the CPU that built the tests) is embedded through `PERFATTR_DISPATCH_PROFILE`, and the first
//! call of each function picks what it says, where it applies. On another CPU (an emulator, an
//! aarch64 build) every function dispatches by rank.

use perfattr::report::FunctionDispatch;
use perfattr::{multiversion, selected};

#[multiversion(v3, v2)]
fn prefers_v2() -> &'static str {
    selected!()
}

#[multiversion(v3, v2)]
fn wins_one_case() -> &'static str {
    selected!()
}

#[multiversion(v3, v2)]
fn close_call() -> &'static str {
    selected!()
}

#[multiversion(avx512vp2intersect, v3, v2)]
fn lacking() -> &'static str {
    selected!()
}

#[multiversion(v3, v2)]
fn same_code() -> &'static str {
    selected!()
}

#[multiversion(v3, v2)]
fn other_model() -> &'static str {
    selected!()
}

/// No profile row: what rank picks for `v3, v2` here.
#[multiversion(v3, v2)]
fn unmeasured() -> &'static str {
    selected!()
}

/// No profile row: what rank picks for `lacking`'s targets here.
#[multiversion(avx512vp2intersect, v3, v2)]
fn lacking_unmeasured() -> &'static str {
    selected!()
}

/// A generic function: its choice is a cached index, made by the same rule.
#[multiversion(v3, v2)]
fn generic_prefers_v2<T: Default>() -> (&'static str, T) {
    (selected!(), T::default())
}

struct Acc;

impl Acc {
    /// A method: trampolines, and a cached index.
    #[multiversion(v3, v2)]
    fn method_prefers_v2(&self) -> &'static str {
        selected!()
    }
}

#[multiversion(v3, v2)]
mod group {
    pub fn member_prefers_v2() -> &'static str {
        perfattr::selected!()
    }
}

/// Whether the CPU running the tests is the one the profile was written for.
fn profiled_cpu() -> bool {
    cfg!(target_arch = "x86_64")
        && perfattr::cpu::identity().to_string() == env!("PERFATTR_TEST_BUILD_CPU")
}

/// The report's row of `name`. Call it inside `unforced` (as each test's whole body): other
/// tests force levels meanwhile.
fn row(name: &str) -> FunctionDispatch {
    perfattr::report::dispatch()
        .functions
        .into_iter()
        .find(|row| row.name == format!("measured::{name}"))
        .unwrap_or_else(|| panic!("no row for {name}"))
}

/// Checks that `ran` (the clone a call ran) is `expected`, and that the report says so and
/// that it was chosen `by` rank or measurement.
fn check(name: &str, ran: &str, expected: &str, by: &str) {
    let row = row(name);
    assert_eq!(ran, expected, "{name}: {}", row.why);
    assert_eq!(row.selected, expected, "{name}");
    assert_eq!(row.chosen_by, by, "{name}: {}", row.why);
}

/// Whether v3's features are enabled at compile time (`-C target-cpu=native` on an AVX2 CPU, as
/// `tests/native.rs` builds these tests) and `PERFATTR_DISABLE` masks nothing: functions whose
/// best target is v3 then call it directly, and no profile applies. (With a mask, a build with
/// the `testing` feature dispatches at run time, so the mask applies.)
fn native_v3() -> bool {
    cfg!(target_arch = "x86_64")
        && perfattr::cpu::compile_time().contains_all(perfattr::cpu::Features::from_list(
            "avx2,bmi1,bmi2,fma,lzcnt,movbe",
        ))
        && perfattr::cpu::usable() == perfattr::cpu::detected()
}

/// How a function whose best target is v3 chose when no profile moved it.
fn unmoved() -> &'static str {
    if native_v3() { "compile time" } else { "rank" }
}

/// What a function the profile ranks v2 first for runs, when rank would run `rank`: v2 when it
/// runs here and rank picks v3 (measured 1.5× faster), else rank's choice (at compile time in
/// a native build, when its best target is v3: `best_is_v3`).
fn v2_first(rank: &'static str, best_is_v3: bool) -> (&'static str, &'static str) {
    if best_is_v3 && native_v3() {
        ("v3", "compile time")
    } else if profiled_cpu() && rank == "v3" {
        ("v2", "measured")
    } else {
        (rank, "rank")
    }
}

#[test]
fn the_profile_picks_the_measured_fastest_clone_this_cpu_runs() {
    perfattr::testing::unforced(|| {
        let rank = unmeasured();
        if !native_v3() {
            assert_eq!(
                row("unmeasured").why,
                "rank (no profile measured this function)"
            );
        }
        let ran = [
            ("prefers_v2", prefers_v2()),
            ("generic_prefers_v2", generic_prefers_v2::<u8>().0),
            ("Acc::method_prefers_v2", Acc.method_prefers_v2()),
            ("group::member_prefers_v2", group::member_prefers_v2()),
        ];
        let (expected, by) = v2_first(rank, true);
        for (name, ran) in ran {
            check(name, ran, expected, by);
        }
        if by == "measured" {
            let why = row("prefers_v2").why;
            assert!(
                why.starts_with("measured 1.50× faster than v3 on this CPU model (profile ")
                    && why.ends_with("measured.json)"),
                "{why}"
            );
            // Another instantiation of the generic function shares the choice.
            assert_eq!(generic_prefers_v2::<u64>().0, "v2");
        }
    });
}

#[test]
fn a_gain_within_the_noise_or_in_one_case_only_keeps_the_rank() {
    perfattr::testing::unforced(|| {
        let rank = unmeasured();
        let ran = [
            ("wins_one_case", wins_one_case()),
            ("close_call", close_call()),
            ("same_code", same_code()),
        ];
        for (name, ran) in ran {
            check(name, ran, rank, unmoved());
        }
        if profiled_cpu() && rank == "v3" && !native_v3() {
            let why = row("close_call").why;
            assert!(
                why.starts_with("rank (v2 measured at 0.95× its time in ")
                    && why.ends_with(": not 25% faster beyond the noise)"),
                "{why}"
            );
        }
    });
}

#[test]
fn a_clone_this_cpu_lacks_is_never_chosen_and_another_model_is_ignored() {
    perfattr::testing::unforced(|| {
        let (rank, lacking_rank) = (unmeasured(), lacking_unmeasured());
        let ran = lacking();
        // The profile's fastest clone runs only where the CPU has it (no CPU of this project);
        // otherwise the next in the profile's order, v2, beats rank's v3.
        let (expected, by) = if lacking_rank == "avx512vp2intersect" {
            (lacking_rank, "rank")
        } else {
            v2_first(lacking_rank, false)
        };
        check("lacking", ran, expected, by);
        assert_ne!(
            ran, "avx512vp2intersect",
            "no CPU this project runs on has it"
        );
        let ran = other_model();
        check("other_model", ran, rank, unmoved());
        let why = row("other_model").why;
        if cfg!(target_arch = "x86_64") && !native_v3() {
            assert!(
                why.starts_with("rank (no measurement for this CPU model in "),
                "{why}"
            );
        }
    });
}

#[test]
fn the_testing_helpers_force_every_level_whatever_the_profile_says() {
    perfattr::testing::for_each_level(|level| {
        let expected = match level.name.as_str() {
            "v3" | "v2" => level.name.as_str(),
            _ => "fallback",
        };
        assert_eq!(prefers_v2(), expected, "{level}");
        assert_eq!(Acc.method_prefers_v2(), expected, "{level}");
        assert_eq!(generic_prefers_v2::<u8>().0, expected, "{level}");
        assert_eq!(row("prefers_v2").chosen_by, "forced");
    });
}

/// The child process of [`a_run_time_profile_replaces_the_embedded_one`]: what dispatch does
/// with the `PERFATTR_RUNTIME_PROFILE` its parent wrote, as `MEASURED_CHILD` says.
#[test]
fn run_time_profile_child() {
    let Ok(case) = std::env::var("MEASURED_CHILD") else {
        return;
    };
    perfattr::testing::unforced(|| {
        let (rank, ran, embedded) = (lacking_unmeasured(), unmeasured(), prefers_v2());
        let rank = if rank == "avx512vp2intersect" {
            "v3"
        } else {
            rank
        };
        let row = row("unmeasured");
        if native_v3() {
            // Compile-time dispatch: no profile applies, loaded or embedded.
            check("unmeasured", ran, "v3", "compile time");
            check("prefers_v2", embedded, "v3", "compile time");
            return;
        }
        match case.as_str() {
            "valid" if rank == "v3" => {
                check("unmeasured", ran, "v2", "measured");
                assert!(row.why.ends_with("run-time.json)"), "{}", row.why);
            }
            "valid" => check("unmeasured", ran, rank, "rank"),
            "malformed" => {
                check("unmeasured", ran, rank, "rank");
                assert!(row.why.contains("could not be used"), "{}", row.why);
            }
            "stale" => {
                check("unmeasured", ran, rank, "rank");
                assert!(row.why.contains("measured other clones"), "{}", row.why);
            }
            other => panic!("unknown case {other}"),
        }
        // The run-time profile replaces the embedded one: it has no row for `prefers_v2`.
        check("prefers_v2", embedded, rank, "rank");
        let report = perfattr::report::dispatch();
        assert!(report.runtime_profile.unwrap().contains("run-time.json"));
    });
}

/// `PERFATTR_RUNTIME_PROFILE` loads a profile at run time instead of the embedded one: a valid
/// one for this CPU is used; a malformed or stale one is one warning on stderr and dispatch by
/// rank, never a panic; a function the program lacks is named once.
#[test]
fn a_run_time_profile_replaces_the_embedded_one() {
    use perfattr::profile::{Case, Contender, Function, Profile};
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("measured");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("run-time.json");
    let contender = |clone: &str, ratio: f64| Contender {
        clones: vec![clone.into()],
        ns: ratio,
        ratio,
        low: ratio,
        high: ratio,
    };
    let profile = |clones: &[&str]| {
        let mut profile = Profile::default();
        let cpu = perfattr::profile::this_cpu();
        for function in ["measured::unmeasured", "measured::removed_long_ago"] {
            profile.record(
                &cpu,
                Function {
                    function: function.into(),
                    clones: clones.iter().map(|c| (*c).into()).collect(),
                    measured: 1,
                    cases: vec![Case {
                        input: String::new(),
                        rounds: 50,
                        contenders: vec![contender("v2", 1.0), contender("v3", 2.0)],
                    }],
                },
            );
        }
        profile.to_json()
    };
    for (case, text) in [
        ("valid", profile(&["v3", "v2", "fallback"])),
        (
            "malformed",
            "{\"format\": \"perfattr-dispatch-profile\", \"version\": 1".into(),
        ),
        ("stale", profile(&["v4", "v3", "v2", "fallback"])),
    ] {
        std::fs::write(&path, text).unwrap();
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "run_time_profile_child", "--nocapture"])
            .env("MEASURED_CHILD", case)
            .env("PERFATTR_RUNTIME_PROFILE", &path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{case}:\n{stdout}\n{stderr}");
        assert!(stdout.contains("1 passed"), "{case}: {stdout}");
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("perfattr:"))
            .collect();
        let expected = match case {
            "valid" => "measured functions this program does not have",
            "malformed" => "is not a usable dispatch profile: the file ends inside an object",
            // A native build calls `unmeasured` at compile time: its rows are never read.
            _ if native_v3() => "measured functions this program does not have",
            _ => "measure it again (cargo bench); until then it dispatches by rank",
        };
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "{case}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        // One warning per problem, not one per call.
        let mut unique = warnings.clone();
        unique.dedup();
        assert_eq!(unique.len(), warnings.len(), "{case}: {stderr}");
    }
}
