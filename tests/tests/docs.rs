//! Every public item of `perfattr` is documented with a runnable example: a doc comment with a
//! code block (the doctests run them). Items reached only by generated code are
//! `#[doc(hidden)]` and exempt.

use std::path::Path;

/// Public items declared on `line` (`pub fn`, `pub struct`, …, `macro_rules!`).
fn declares_item(line: &str) -> bool {
    let line = line.trim_start();
    [
        "pub fn ",
        "pub const fn ",
        "pub unsafe fn ",
        "pub struct ",
        "pub enum ",
        "pub trait ",
        "pub type ",
        "pub const ",
        "pub static ",
        "macro_rules! ",
    ]
    .iter()
    .any(|start| line.starts_with(start))
}

/// The items of `source` whose doc comment has no code block.
fn undocumented(source: &str, only: Option<&[&str]>) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut missing = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !declares_item(line) {
            continue;
        }
        let listed = |names: &[&str]| names.iter().any(|name| line.contains(&format!(" {name}")));
        if only.is_some_and(|names| !listed(names)) {
            continue;
        }
        let mut doc = String::new();
        let mut hidden = false;
        for above in lines[..at].iter().rev() {
            let above = above.trim();
            if above.starts_with("///") {
                doc.push_str(above);
            } else if above.starts_with("#[")
                || above.starts_with(')')
                || above.starts_with("feature")
            {
                hidden |= above.contains("doc(hidden)") || above.contains("doctest");
            } else {
                break;
            }
        }
        if !hidden && !doc.contains("```") {
            missing.push(format!("line {}: {}", at + 1, line.trim()));
        }
    }
    missing
}

#[test]
fn every_public_item_has_a_runnable_example() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let read = |file: &str| std::fs::read_to_string(src.join(file)).unwrap();
    let mut missing = Vec::new();
    // The public modules, and the private ones whose items the crate re-exports.
    for file in [
        "lib.rs",
        "hint.rs",
        "cpu/mod.rs",
        "cpu/table.rs",
        "cpu/features.rs",
        "cpu/disable.rs",
        "cpu/identity.rs",
        "bench/mod.rs",
        "bench/calls.rs",
        "bench/counted.rs",
        "bench/compare.rs",
        "bench/format.rs",
        "bench/verdicts.rs",
        "bench/alloc.rs",
        "counters/mod.rs",
        "report/mod.rs",
        "report/counts.rs",
        "report/dispatch.rs",
        "report/full.rs",
        "report/json.rs",
        "report/verdict.rs",
        "profile.rs",
        "testing.rs",
    ] {
        for item in undocumented(&read(file), None) {
            missing.push(format!("{file} {item}"));
        }
    }
    assert!(
        missing.is_empty(),
        "public items without an example:\n{}",
        missing.join("\n")
    );
    // The scan sees the items: it is not vacuous.
    assert!(undocumented("/// Text only.\npub fn f() {}", None).len() == 1);
}
