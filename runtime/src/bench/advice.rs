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
    let mut add = String::new();
    if !lib_ok {
        add.push_str("\n[lib]\nbench = false\n");
    }
    if !bins_ok {
        add.push_str("\n[[bin]]          # one per binary\nname = \"…\"\nbench = false\n");
    }
    Some(format!(
        "perfattr: {}/Cargo.toml: your library's or binaries' own test harness also runs under \
         `cargo bench` and rejects criterion's options (`cargo bench -- --measurement-time 2` \
         fails with \"Unrecognized option\"). Add:\n{add}",
        dir.display()
    ))
}

/// Whether a manifest table's lines set `bench = false`.
fn bench_false(table: &[&str]) -> bool {
    table.iter().any(|line| {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        line.starts_with("bench=false")
    })
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
            advice.contains("[lib]\nbench = false") && advice.contains("[[bin]]"),
            "{advice}"
        );
        let fixed =
            format!("{manifest}[lib]\nbench = false\n[[bin]]\nname = \"tool\"\nbench = false\n");
        std::fs::write(dir.join("Cargo.toml"), fixed).unwrap();
        assert_eq!(lib_bench_advice(&dir), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
