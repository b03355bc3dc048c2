//! Every error the macros can report is reached by a ui case: each message below must appear
//! in some committed `.stderr`, and each source file of the macros crate must have at least as
//! many messages listed here as it has places that build an error, so a new error without a
//! case (and a line here) fails this test.

use std::path::Path;

/// `(macros source file, a fragment of one message it reports)`.
const MESSAGES: &[(&str, &str)] = &[
    // Options of #[hot] and #[cold_path].
    ("hint/args.rs", "unknown `#[hot]` option `"),
    ("hint/args.rs", "unknown `#[cold_path]` option `"),
    ("hint/args.rs", "duplicate `#[hot]` option `"),
    // `inline` without a value, then with a wrong one (hot-inline-without-value, -bad-value).
    (
        "hint/args.rs",
        "option `inline` expects `inline = always` or `inline = never`",
    ),
    (
        "hint/args.rs",
        "(without it, `#[hot]` gives the `#[inline]` hint)",
    ),
    // `count` without a value, then with a number (hot-count-without-value,
    // cold-path-count-not-a-bool).
    (
        "hint/args.rs",
        "`#[hot]` option `count` expects `count = false`",
    ),
    (
        "hint/args.rs",
        "`#[cold_path]` option `count` expects `count = false` (the function and its branches",
    ),
    // `crate` without a value, a literal that is no path, an expression
    // (crate-option-without-value, -not-a-path, -expression), for every attribute.
    (
        "common/krate.rs",
        "`#[cold_path]` option `crate` expects a path",
    ),
    ("common/krate.rs", "`#[hot]` option `crate` expects a path"),
    ("common/krate.rs", "e.g. `crate = ::perfattr`"),
    (
        "common/krate.rs",
        "`#[multiversion]` option `crate` expects a path",
    ),
    (
        "common/krate.rs",
        "`#[bench_this]` option `crate` expects a path",
    ),
    // #[bench_this].
    ("bench/options.rs", "duplicate `#[bench_this]` option"),
    ("bench/options.rs", "option `throughput` expects"),
    ("bench/options.rs", "unknown `#[bench_this]` option"),
    // Counts and seconds (bench-bad-counts-and-seconds).
    (
        "bench/options.rs",
        "option `threads` takes positive thread counts",
    ),
    (
        "bench/options.rs",
        "option `sample_size` takes a positive integer",
    ),
    (
        "bench/options.rs",
        "option `min_time` takes a positive number of seconds",
    ),
    // Sampling and threads (bench-sample-count-below-ten, -min-time-above-max-time,
    // -sampling-in-shared-group, -threads-mut-self, -threads-by-value-parameter).
    ("bench/valid.rs", "criterion takes 10 samples at least"),
    ("bench/valid.rs", "`min_time` is above `max_time`"),
    ("bench/valid.rs", "set a criterion group's sampling"),
    ("bench/valid.rs", "the shared group"),
    ("bench/valid.rs", "the method must take `&self`"),
    ("bench/valid.rs", "this receiver"),
    ("bench/valid.rs", "parameters must be shared references"),
    ("bench/valid.rs", "this parameter"),
    ("bench/valid.rs", "`#[bench_this]` needs a function body"),
    ("bench/valid.rs", "takes `args` or `input`, not both"),
    ("bench/valid.rs", "`input` given here"),
    ("bench/valid.rs", "option `sizes` needs `input = generator`"),
    ("bench/valid.rs", "needs inputs for these parameters"),
    (
        "bench/valid.rs",
        "option `args` is for a function with parameters",
    ),
    ("bench/valid.rs", "so each argument is a tuple of"),
    ("bench/valid.rs", "cannot benchmark an `async fn`"),
    (
        "bench/valid.rs",
        "and one const parameter (`consts = [..]`) at most",
    ),
    (
        "bench/valid.rs",
        "on a function with a type parameter needs `types = [..]`",
    ),
    (
        "bench/valid.rs",
        "option `types` is for a function with a type parameter; this one has none",
    ),
    ("bench/valid.rs", "option `consts` needs one value at least"),
    ("bench/valid.rs", "on a method needs `setup"),
    (
        "bench/valid.rs",
        "builds the receiver of a method; this function has no `self`",
    ),
    // Any attribute on something that is not a function.
    (
        "common/function.rs",
        "can only be applied to functions and methods",
    ),
    // The same message for a branch marker no annotated function sees
    // (branch-cold-path-outside-annotated-fn).
    (
        "common/function.rs",
        "there, write `perfattr::cold!();` at the start of the branch",
    ),
    // Per-clone code (target-cfg-without-predicate, target-cfg-macro-not-a-predicate,
    // selected-with-arguments, target-cfg-standalone-without-predicate,
    // selected-outside-multiversion).
    ("multiversion/target_cfg/mod.rs", "`all(…)`, `any(…)`"),
    (
        "multiversion/target_cfg/mod.rs",
        "`target_cfg!` takes one `cfg` predicate",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`selected!` takes no arguments",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`#[target_cfg(not(…))]`\n",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`selected!()` names the clone it is in",
    ),
    // (target-cfg-feature-not-a-string, target-cfg-unknown-feature)
    (
        "multiversion/target_cfg/predicate.rs",
        "`target_feature` in `target_cfg` takes a string",
    ),
    (
        "multiversion/target_cfg/predicate.rs",
        "`target_cfg`: unknown target feature `avx512bx`",
    ),
    // `multiversion`'s options and macros (multiversion-crate-options-and-macros).
    (
        "multiversion/args.rs",
        "`dispatcher = …` is the `multiversion` crate's option",
    ),
    (
        "multiversion/args.rs",
        "`attrs(…)` is the `multiversion` crate's option",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`selected_target!` is the `multiversion` crate's macro",
    ),
    // The forms for code from `multiversion` (multiversion-target-cfg-attr-without-attributes,
    // -match-target-bad-arm, -match-target-without-wildcard, -match-target-unknown-feature,
    // -simd-width-not-a-type, -per-clone-outside-a-clone).
    (
        "multiversion/target_cfg/per_clone.rs",
        "`#[target_cfg_attr]` takes a `cfg` predicate and the attributes it adds",
    ),
    (
        "multiversion/target_cfg/per_clone.rs",
        "`match_target!` takes arms `\"target\" | \"target\" => expression`",
    ),
    (
        "multiversion/target_cfg/per_clone.rs",
        "`match_target!` needs a last arm `_ => …`",
    ),
    (
        "multiversion/target_cfg/per_clone.rs",
        "`match_target!`: unknown target feature `avx3`",
    ),
    (
        "multiversion/target_cfg/per_clone.rs",
        "`simd_width!` takes an element type",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`simd_width!` is decided per clone",
    ),
    (
        "multiversion/target_cfg/mod.rs",
        "`#[inherit_target]` gives a function nested in a `#[multiversion]` function",
    ),
    // #[multiversion] on a module.
    // (multiversion-async-fn-in-impl)
    (
        "multiversion/group.rs",
        "on a `mod` or `impl` cannot multiversion its `async fn`",
    ),
    (
        "multiversion/group.rs",
        "on a module needs the module's items inline",
    ),
    // Branch markers.
    (
        "body/markers.rs",
        "`#[hot]` applies to functions; inside a function",
    ),
    ("body/markers.rs", "`#[cold_path]` is applied twice here"),
    // A marker in a `macro_rules!` defined in an annotated function
    // (branch-cold-path-in-macro-rules).
    (
        "body/markers.rs",
        "`#[cold_path]` inside a `macro_rules!` body: the attribute sees the macro's definition",
    ),
    (
        "body/markers.rs",
        "a branch-level `#[cold_path]` takes no arguments",
    ),
    ("body/markers.rs", "goes on a match arm, a block or a"),
    // #[multiversion] on a function.
    (
        "multiversion/mod.rs",
        "can only be applied to functions, methods, inline modules",
    ),
    (
        "multiversion/valid.rs",
        "needs a function body: each clone is a copy of it",
    ),
    ("multiversion/valid.rs", "cannot apply to a `const fn`"),
    ("multiversion/valid.rs", "cannot apply to an `async fn`"),
    (
        "multiversion/valid.rs",
        "can return `impl Trait` only as the whole return type",
    ),
    (
        "multiversion/valid.rs",
        "clones cannot be `#[inline(always)]`",
    ),
    // (multiversion-track-caller)
    (
        "multiversion/valid.rs",
        "cannot pass `#[track_caller]` through its dispatcher",
    ),
    (
        "multiversion/valid.rs",
        "sets each clone's target features itself",
    ),
    (
        "multiversion/valid.rs",
        "is applied twice to this function; list every target",
    ),
    // Dispatch modes (multiversion-dispatch-modes).
    (
        "multiversion/args.rs",
        "`#[multiversion]` option `dispatch` takes one of: auto, compile_time, branch",
    ),
    (
        "multiversion/args.rs",
        "duplicate `#[multiversion]` option `dispatch`",
    ),
    (
        "multiversion/dispatch.rs",
        "`dispatch = pointer` needs clones a static can name",
    ),
    (
        "multiversion/dispatch.rs",
        "`dispatch = patched` cannot return `impl Trait`",
    ),
    // Targets.
    ("multiversion/args.rs", "unknown `#[multiversion]` option `"),
    ("multiversion/args.rs", "expected a CPU target such as"),
    (
        "multiversion/args.rs",
        "duplicate `#[multiversion]` option `crate`",
    ),
    (
        "multiversion/args.rs",
        "needs at least one target, best first",
    ),
    ("multiversion/args.rs", "is listed twice in this target"),
    ("multiversion/args.rs", "unknown `#[multiversion]` target `"),
    ("multiversion/args.rs", "did you mean"),
    ("multiversion/args.rs", "is unstable in Rust"),
    (
        "multiversion/args.rs",
        "takes its targets directly, best first, without an architecture",
    ),
    ("multiversion/args.rs", "targets name no architecture"),
    (
        "multiversion/args.rs",
        "is for another architecture than the rest of this target",
    ),
    (
        "multiversion/valid.rs",
        "duplicate `#[multiversion]` target",
    ),
    ("multiversion/valid.rs", "can never be chosen"),
    // The embedded dispatch profile (ui/profile, run by tests/profile.rs): missing, malformed,
    // another format or version, stale clones.
    ("multiversion/profile.rs", "which cannot be read"),
    ("multiversion/profile.rs", "is not usable: the file ends"),
    ("multiversion/profile.rs", "is not usable: its `format` is"),
    ("multiversion/profile.rs", "this perfattr reads version 1"),
    (
        "multiversion/profile.rs",
        "measure it again (`cargo bench`)",
    ),
    // Hints against the user's own attributes.
    (
        "hint/valid.rs",
        "needs a function body: a declaration has no code to place",
    ),
    ("hint/valid.rs", "is applied twice to this function"),
    ("hint/valid.rs", "cannot both be applied to one function"),
    ("hint/valid.rs", "`#[hot]` contradicts `#[cold]`"),
    (
        "hint/valid.rs",
        "`#[cold_path]` already marks the function `#[cold]`",
    ),
    (
        "hint/valid.rs",
        "places the function in its own linker section",
    ),
    (
        "hint/valid.rs",
        "`#[hot]` already gives the `#[inline]` hint",
    ),
    (
        "hint/valid.rs",
        "`#[hot]` sets inlining itself: write `#[hot(inline =",
    ),
    (
        "hint/valid.rs",
        "`#[hot]` sets inlining itself; remove this attribute",
    ),
    ("hint/valid.rs", "functions are never inlined"),
    (
        "hint/valid.rs",
        "cannot be used on a `#[target_feature]` function",
    ),
    ("hint/valid.rs", "the target features are enabled here"),
];

/// Error sites no ui case can reach on stable Rust, with the reason.
const UNREACHABLE: &[(&str, &str)] = &[(
    "multiversion/valid.rs",
    // `cannot apply to a variadic function`: defining a C-variadic function is unstable
    // (`c_variadic`), so stable Rust rejects the item before it matters.
    "cannot apply to a variadic function",
)];

/// `(path relative to dir, with `/`, text)` of every file below `dir` whose name ends in
/// `suffix`.
fn read(dir: &Path, suffix: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy();
                let name = name.replace(std::path::MAIN_SEPARATOR, "/");
                files.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files
}

#[test]
fn every_error_message_has_a_ui_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stderr: String = read(&root.join("ui"), ".stderr")
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let missing: Vec<&str> = MESSAGES
        .iter()
        .map(|(_, message)| *message)
        .filter(|message| !stderr.contains(message))
        .collect();
    assert!(
        missing.is_empty(),
        "messages no .stderr shows: {missing:#?}"
    );

    let sources = read(&root.join("../macros/src"), ".rs");
    assert!(sources.len() > 10, "the macros' sources are missing");
    for (file, text) in &sources {
        let sites = text.matches("Error::new(").count()
            + text.matches("Error::new_spanned(").count()
            + text.matches(".error(").count();
        let listed = MESSAGES
            .iter()
            .chain(UNREACHABLE)
            .filter(|(source, _)| source == file)
            .count();
        assert!(
            listed >= sites,
            "{file} builds errors in {sites} places but {listed} messages are listed here: \
             add a ui case for the new one and list its message"
        );
    }
}
