//! Every error the macros can report is reached by a ui case: each message below must appear
//! in some committed `.stderr`, and each source file of the macros crate must have at least as
//! many messages listed here as it has places that build an error, so a new error without a
//! case (and a line here) fails this test.

use std::path::Path;

/// `(macros source file, a fragment of one message it reports)`.
const MESSAGES: &[(&str, &str)] = &[
    // Options of #[hot] and #[cold_path].
    ("args.rs", "unknown `#[hot]` option `"),
    ("args.rs", "unknown `#[cold_path]` option `"),
    ("args.rs", "duplicate `#[hot]` option `"),
    // `inline` without a value, then with a wrong one (hot-inline-without-value, -bad-value).
    (
        "args.rs",
        "option `inline` expects `inline = always` or `inline = never`",
    ),
    (
        "args.rs",
        "(without it, `#[hot]` gives the `#[inline]` hint)",
    ),
    // `crate` without a value, a literal that is no path, an expression
    // (crate-option-without-value, -not-a-path, -expression).
    ("args.rs", "`#[cold_path]` option `crate` expects a path"),
    ("args.rs", "`#[hot]` option `crate` expects a path"),
    ("args.rs", "e.g. `crate = ::perfattr`"),
    // #[bench_this].
    ("bench.rs", "duplicate `#[bench_this]` option"),
    ("bench.rs", "option `throughput` expects"),
    ("bench.rs", "unknown `#[bench_this]` option"),
    ("bench.rs", "`#[bench_this]` needs a function body"),
    ("bench.rs", "takes `args` or `input`, not both"),
    ("bench.rs", "`input` given here"),
    ("bench.rs", "option `sizes` needs `input = generator`"),
    ("bench.rs", "needs inputs for these parameters"),
    (
        "bench.rs",
        "option `args` is for a function with parameters",
    ),
    ("bench.rs", "so each argument is a tuple of"),
    ("bench.rs", "cannot benchmark an `async fn`"),
    (
        "bench.rs",
        "needs concrete types: benchmark a non-generic function",
    ),
    ("bench.rs", "on a method needs `setup"),
    (
        "bench.rs",
        "builds the receiver of a method; this function has no `self`",
    ),
    // Any attribute on something that is not a function.
    (
        "function.rs",
        "can only be applied to functions and methods",
    ),
    // #[multiversion] on a module.
    ("group.rs", "on a module needs the module's items inline"),
    // Branch markers.
    (
        "markers.rs",
        "`#[hot]` applies to functions; inside a function",
    ),
    ("markers.rs", "`#[cold_path]` is applied twice here"),
    (
        "markers.rs",
        "a branch-level `#[cold_path]` takes no arguments",
    ),
    ("markers.rs", "goes on a match arm, a block or a"),
    // #[multiversion] on a function.
    (
        "multiversion.rs",
        "can only be applied to functions, methods, inline modules",
    ),
    (
        "multiversion.rs",
        "needs a function body: each clone is a copy of it",
    ),
    ("multiversion.rs", "cannot apply to a `const fn`"),
    ("multiversion.rs", "cannot apply to an `async fn`"),
    (
        "multiversion.rs",
        "can return `impl Trait` only as the whole return type",
    ),
    ("multiversion.rs", "clones cannot be `#[inline(always)]`"),
    (
        "multiversion.rs",
        "sets each clone's target features itself",
    ),
    (
        "multiversion.rs",
        "is applied twice to this function; list every target",
    ),
    // Targets.
    ("targets.rs", "unknown `#[multiversion]` option `"),
    (
        "targets.rs",
        "`#[multiversion]` option `crate` expects a path",
    ),
    ("targets.rs", "expected a CPU target such as"),
    ("targets.rs", "duplicate `#[multiversion]` option `crate`"),
    ("targets.rs", "needs at least one target, best first"),
    ("targets.rs", "is listed twice in this target"),
    ("targets.rs", "unknown `#[multiversion]` target `"),
    ("targets.rs", "did you mean"),
    (
        "targets.rs",
        "is for another architecture than the rest of this target",
    ),
    ("targets.rs", "duplicate `#[multiversion]` target"),
    ("targets.rs", "can never be chosen"),
    // Hints against the user's own attributes.
    (
        "valid.rs",
        "needs a function body: a declaration has no code to place",
    ),
    ("valid.rs", "is applied twice to this function"),
    ("valid.rs", "cannot both be applied to one function"),
    ("valid.rs", "`#[hot]` contradicts `#[cold]`"),
    (
        "valid.rs",
        "`#[cold_path]` already marks the function `#[cold]`",
    ),
    ("valid.rs", "places the function in its own linker section"),
    ("valid.rs", "`#[hot]` already gives the `#[inline]` hint"),
    (
        "valid.rs",
        "`#[hot]` sets inlining itself: write `#[hot(inline =",
    ),
    (
        "valid.rs",
        "`#[hot]` sets inlining itself; remove this attribute",
    ),
    ("valid.rs", "functions are never inlined"),
    (
        "valid.rs",
        "cannot be used on a `#[target_feature]` function",
    ),
    ("valid.rs", "the target features are enabled here"),
];

/// Error sites no ui case can reach on stable Rust, with the reason.
const UNREACHABLE: &[(&str, &str)] = &[(
    "multiversion.rs",
    // `cannot apply to a variadic function`: defining a C-variadic function is unstable
    // (`c_variadic`), so stable Rust rejects the item before it matters.
    "cannot apply to a variadic function",
)];

fn read(dir: &Path, suffix: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(read(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read_to_string(&path).unwrap()));
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
    for (file, text) in &sources {
        if file == "fuzz.rs" || file == "snapshots.rs" {
            continue;
        }
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
