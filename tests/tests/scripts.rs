//! `scripts/identical-clones.sh` on this test binary, named by a path relative to the caller's
//! directory (it died with a Python traceback before: it changed directory first): it finds
//! the clones of a function and of a multiversioned `impl`'s method that compiled to the same
//! code. Needs binutils (`nm`, `objdump`), which the C linker Rust uses comes with.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::path::Path;
use std::process::Command;

/// No vector work: every clone is the same code.
#[perfattr::multiversion(avx2, sse4)]
#[inline(never)]
fn plus_one(x: u64) -> u64 {
    x.wrapping_add(1)
}

pub struct Step(u64);

#[perfattr::multiversion(avx2, sse4)]
impl Step {
    #[inline(never)]
    pub fn apply(&self, x: u64) -> u64 {
        x.wrapping_add(self.0)
    }
}

#[test]
fn identical_clones_takes_a_relative_path_and_reads_function_and_method_clones() {
    assert_eq!(std::hint::black_box(plus_one(1)), 2);
    assert_eq!(Step(2).apply(1), 3);
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/identical-clones.sh");
    let output = Command::new("bash")
        .arg(&script)
        .arg(Path::new(".").join(exe.file_name().unwrap()))
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for function in ["scripts::plus_one: ", "scripts::Step::apply: "] {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with(function) && line.contains("are the same code")),
            "no identical clones of {function}in:\n{stdout}"
        );
    }
}
