//! Proof that the hints reach the compiler: builds `tests/ir-fixture` in release mode, stops at
//! the LLVM IR rustc hands to LLVM (`-C no-prepopulate-passes`, so no LLVM pass has removed or
//! rewritten anything yet) and reads each function's attributes, section and branch hints.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

struct Ir {
    /// The whole module.
    text: String,
    /// `define` line and body of each function, by symbol name.
    functions: HashMap<String, (String, String)>,
    /// `attributes #N = { ... }` groups, by `#N`.
    groups: HashMap<String, String>,
}

/// The fixture's IR with perfattr's default features: no counters.
fn ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| parse(&std::fs::read_to_string(build_fixture(false)).expect("read the IR")))
}

/// The fixture's IR with perfattr's `counters` feature.
fn ir_counting() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| parse(&std::fs::read_to_string(build_fixture(true)).expect("read the IR")))
}

fn build_fixture(counters: bool) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join(if counters {
        "ir-fixture-counters"
    } else {
        "ir-fixture"
    });
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root)
        .args([
            "rustc",
            "--offline",
            "--release",
            "-p",
            "perfattr-ir-fixture",
            "--target-dir",
        ])
        .arg(&target)
        .args(counters.then_some("--features=counters"))
        .args([
            "--",
            "--emit=llvm-ir",
            "-Ccodegen-units=1",
            "-Cno-prepopulate-passes",
        ])
        .env_remove("RUSTFLAGS")
        .status()
        .expect("run cargo");
    assert!(status.success(), "building the IR fixture failed");
    std::fs::read_dir(target.join("release/deps"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("perfattr_ir_fixture") && name.ends_with(".ll")
        })
        .max_by_key(|path| path.metadata().unwrap().modified().unwrap())
        .expect("the fixture's .ll file")
}

fn parse(text: &str) -> Ir {
    let mut functions = HashMap::new();
    let mut groups = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("define ") {
            let name = rest.split('@').nth(1).unwrap().split('(').next().unwrap();
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "}").collect();
            functions.insert(name.to_owned(), (line.to_owned(), body.join("\n")));
        } else if let Some(rest) = line.strip_prefix("attributes ") {
            let (id, group) = rest.split_once(" = ").unwrap();
            groups.insert(id.to_owned(), group.to_owned());
        }
    }
    Ir {
        text: text.to_owned(),
        functions,
        groups,
    }
}

impl Ir {
    fn define(&self, name: &str) -> &str {
        &self
            .functions
            .get(name)
            .unwrap_or_else(|| panic!("no function {name} in the IR"))
            .0
    }

    fn body(&self, name: &str) -> &str {
        &self.functions[name].1
    }

    /// The LLVM function attributes of `name`, as words.
    fn attributes(&self, name: &str) -> Vec<&str> {
        let define = self.define(name);
        let id = define
            .split_whitespace()
            .find(|w| w.starts_with('#'))
            .unwrap();
        self.groups[id]
            .trim_matches(|c| c == '{' || c == '}')
            .split_whitespace()
            .collect()
    }

    fn section(&self, name: &str) -> Option<&str> {
        let (_, rest) = self.define(name).split_once("section \"")?;
        rest.split('"').next()
    }

    /// Whether the body weighs a branch: rustc emits `llvm.expect` for a cold target.
    fn has_branch_hint(&self, name: &str) -> bool {
        let body = self.body(name);
        // From Rust 1.95, `core::hint::cold_path` weighs the branch in the IR rustc emits.
        // Before, the marker is a call to the runtime's `#[cold]` function, which LLVM's
        // optimizations turn into the same branch weights (checked by hand: 1:2000 on 1.85).
        body.contains("@llvm.expect.i1")
            || body.contains("!prof")
            || body.contains("call void @_ZN8perfattr4hint4cold")
    }
}

const INLINE_ATTRIBUTES: [&str; 3] = ["inlinehint", "alwaysinline", "noinline"];

fn inline_attributes(name: &str) -> Vec<&'static str> {
    let attributes = ir().attributes(name);
    INLINE_ATTRIBUTES
        .into_iter()
        .filter(|a| attributes.contains(a))
        .collect()
}

#[test]
fn cold_functions_are_cold_never_inlined_and_placed_with_unlikely_code() {
    assert!(ir().attributes("fixture_cold").contains(&"cold"));
    assert_eq!(inline_attributes("fixture_cold"), ["noinline"]);
    if cfg!(target_os = "linux") {
        let section = ir().section("fixture_cold").unwrap();
        assert!(
            section.starts_with(".text.unlikely.fixture_cold."),
            "{section}"
        );
    }
}

#[test]
fn hot_functions_get_their_inline_hint_and_hot_placement() {
    for (name, inline) in [
        ("fixture_hot", "inlinehint"),
        ("fixture_hot_always", "alwaysinline"),
        ("fixture_hot_never", "noinline"),
    ] {
        assert_eq!(inline_attributes(name), [inline], "{name}");
        assert!(!ir().attributes(name).contains(&"cold"), "{name}");
        if cfg!(target_os = "linux") {
            let section = ir().section(name).unwrap();
            assert!(
                section.starts_with(&format!(".text.hot.{name}.")),
                "{section}"
            );
        }
    }
}

#[test]
fn hot_sections_are_unique_per_function() {
    let sections: std::collections::HashSet<_> = [
        "fixture_hot",
        "fixture_hot_always",
        "fixture_marked_arm",
        "fixture_marked_block",
    ]
    .into_iter()
    .map(|name| ir().section(name))
    .collect();
    assert_eq!(sections.len(), 4);
}

#[test]
fn an_unhinted_function_has_none_of_it() {
    assert!(inline_attributes("fixture_plain").is_empty());
    assert!(!ir().attributes("fixture_plain").contains(&"cold"));
    assert_eq!(ir().section("fixture_plain"), None);
}

#[test]
fn branch_markers_weigh_the_branch() {
    for name in [
        "fixture_marked_arm",
        "fixture_marked_statement",
        "fixture_marked_block",
    ] {
        assert!(
            ir().has_branch_hint(name),
            "{name} has no branch hint:\n{}",
            ir().body(name)
        );
    }
    assert!(!ir().has_branch_hint("fixture_unmarked"));
}

#[test]
fn unlikely_weighs_the_branch() {
    assert!(ir().has_branch_hint("fixture_unlikely"));
}

/// With the `counters` feature off, a hinted function compiles to exactly what its hand-written
/// hint-only twin compiles to, and nothing of the counters reaches the module.
#[test]
fn counters_off_generates_exactly_the_hint_only_code() {
    let ir = ir();
    for (generated, by_hand) in [
        ("fixture_marked_arm", "fixture_marked_arm_by_hand"),
        ("fixture_counted_loop", "fixture_counted_loop_by_hand"),
    ] {
        assert_eq!(
            ir.body(generated),
            ir.body(by_hand),
            "{generated} differs from its hint-only twin"
        );
        assert_eq!(ir.attributes(generated), ir.attributes(by_hand));
    }
    for trace in ["__PERFATTR", "counters", "SITES", "thread_local"] {
        assert!(!ir.text.contains(trace), "the IR mentions {trace}");
    }
}

/// With the feature on, the function, its branch and the loop around the branch each count
/// their own site.
#[test]
fn counters_on_count_the_function_the_branch_and_the_loop() {
    let ir = ir_counting();
    let sites = |name: &str| -> Vec<String> {
        let body = ir.body(name);
        let mut found: Vec<String> = body
            .match_indices("@_ZN")
            .filter_map(|(at, _)| {
                let symbol = &body[at..];
                let end = symbol.find(|c: char| {
                    !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.' || c == '@')
                })?;
                let symbol = &symbol[..end];
                ["__PERFATTR_SITE", "__PERFATTR_REGION", "4SITE"]
                    .iter()
                    .find(|site| symbol.contains(*site))
                    .map(|site| (*site).to_owned())
            })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    assert_eq!(sites("fixture_hot"), ["__PERFATTR_SITE"]);
    assert_eq!(sites("fixture_marked_arm"), ["4SITE", "__PERFATTR_SITE"]);
    assert_eq!(
        sites("fixture_counted_loop"),
        ["4SITE", "__PERFATTR_REGION", "__PERFATTR_SITE"]
    );
    assert_eq!(sites("fixture_plain"), Vec::<String>::new());
    assert_eq!(sites("fixture_marked_arm_by_hand"), Vec::<String>::new());
}
