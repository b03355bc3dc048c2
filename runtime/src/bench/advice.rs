//! The start-up check of a bench package's manifest: `cargo bench -- <criterion options>`
//! passes the options to every bench target, and the libtest harness of a library or binary
//! that still has one rejects them.

use std::format;
use std::string::String;
use std::vec::Vec;

/// The advice for a package whose library or binaries still have their own bench harness:
/// `cargo bench -- <criterion options>` passes the options to every bench target, and libtest's
/// harness rejects criterion's ("Unrecognized option"). `None` when each of them, if any, says
/// `bench = false` in the manifest in `dir`.
pub(super) fn lib_bench_advice(dir: &std::path::Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let lib = dir.join("src/lib.rs").exists() || !tables(&manifest, "[lib]").is_empty();
    let bins = tables(&manifest, "[[bin]]");
    let any_bin =
        dir.join("src/main.rs").exists() || dir.join("src/bin").is_dir() || !bins.is_empty();
    let lib_ok = !lib
        || tables(&manifest, "[lib]")
            .iter()
            .any(|table| bench_false(table));
    let bins_ok = !any_bin || (!bins.is_empty() && bins.iter().all(|table| bench_false(table)));
    if lib_ok && bins_ok {
        return None;
    }
    // Edit the tables the manifest has (adding a second `[lib]` would be a TOML error), add
    // the ones it lacks.
    let mut edits = Vec::new();
    if !lib_ok {
        let libs = tables(&manifest, "[lib]");
        edits.push(match libs.first() {
            Some(table) if table.iter().any(|line| setting(line).starts_with("bench=")) => {
                String::from(
                    "in your `[lib]` table, change the `bench = …` line to `bench = false`",
                )
            }
            Some(_) => String::from("in your `[lib]` table, add the line `bench = false`"),
            None => String::from("add a table:\n  [lib]\n  bench = false"),
        });
    }
    if !bins_ok {
        for table in bins.iter().filter(|table| !bench_false(table)) {
            let name = table
                .iter()
                .find_map(|line| setting(line).strip_prefix("name=").map(String::from))
                .unwrap_or_else(|| String::from("(unnamed)"));
            edits.push(format!(
                "in the `[[bin]]` table with name = {name}, add the line `bench = false`"
            ));
        }
        if bins.is_empty() {
            edits.push(String::from(
                "add a table per binary:\n  [[bin]]\n  name = \"…\"\n  bench = false",
            ));
        }
    }
    Some(format!(
        "perfattr: {}/Cargo.toml: your library's or binaries' own test harness also runs under \
         `cargo bench` and rejects criterion's options (`cargo bench -- --measurement-time 2` \
         fails with \"Unrecognized option\"). In the manifest:\n- {}",
        dir.display(),
        edits.join("\n- ")
    ))
}

/// A manifest line without its whitespace and comment: `bench=false`.
fn setting(line: &str) -> String {
    line.split('#')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether a manifest table's lines set `bench = false`.
fn bench_false(table: &[&str]) -> bool {
    table.iter().any(|line| setting(line) == "bench=false")
}

/// The lines of each table of the manifest with this header (`[lib]`, `[[bin]]`).
fn tables<'m>(manifest: &'m str, header: &str) -> Vec<Vec<&'m str>> {
    let mut found = Vec::new();
    let mut lines = manifest.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line == header {
            let mut table = Vec::new();
            while let Some(next) = lines.next_if(|next| !next.starts_with('[')) {
                table.push(next);
            }
            found.push(table);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{bench_false, lib_bench_advice, tables};
    use std::format;

    fn lib_ok(manifest: &str) -> bool {
        tables(manifest, "[lib]")
            .iter()
            .any(|table| bench_false(table))
    }

    #[test]
    fn the_lib_and_bin_tables_must_say_bench_false() {
        assert!(lib_ok("[package]\nname = \"x\"\n\n[lib]\nbench = false\n"));
        assert!(lib_ok(
            "[lib]\npath = \"src/lib.rs\"\nbench=false # no harness\n"
        ));
        assert!(!lib_ok("[package]\nname = \"x\"\n"));
        assert!(!lib_ok("[lib]\nbench = true\n"));
        assert!(!lib_ok("[lib]\ntest = false\n[[bench]]\nbench = false\n"));
        let bins = tables(
            "[[bin]]\nname = \"a\"\nbench = false\n[[bin]]\nname = \"b\"\n",
            "[[bin]]",
        );
        assert_eq!(bins.len(), 2);
        assert!(bench_false(&bins[0]) && !bench_false(&bins[1]));
    }

    #[test]
    fn a_package_without_bench_false_is_told_what_to_add() {
        let dir = std::env::temp_dir().join(format!("perfattr-advice-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src/bin")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        std::fs::write(dir.join("src/bin/tool.rs"), "fn main() {}").unwrap();
        let manifest = "[package]\nname = \"x\"\n";
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let advice = lib_bench_advice(&dir).unwrap();
        assert!(
            advice.contains("add a table:\n  [lib]\n  bench = false")
                && advice.contains("add a table per binary:\n  [[bin]]"),
            "{advice}"
        );
        // Tables it has are edited, not added again (a second `[lib]` is a TOML error).
        let tables = format!(
            "{manifest}[lib]\npath = \"src/lib.rs\"\n[[bin]]\nname = \"tool\"\nbench = true\n"
        );
        std::fs::write(dir.join("Cargo.toml"), tables).unwrap();
        let advice = lib_bench_advice(&dir).unwrap();
        assert!(
            advice.contains("- in your `[lib]` table, add the line `bench = false`")
                && advice.contains(
                    "- in the `[[bin]]` table with name = \"tool\", add the line `bench = false`"
                )
                && !advice.contains("add a table"),
            "{advice}"
        );
        let fixed =
            format!("{manifest}[lib]\nbench = false\n[[bin]]\nname = \"tool\"\nbench = false\n");
        std::fs::write(dir.join("Cargo.toml"), fixed).unwrap();
        assert_eq!(lib_bench_advice(&dir), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
