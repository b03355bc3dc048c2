//! Tells the runtime which Rust release compiles it. The macros' output in the user's crate is
//! compiled by the same compiler, and reaches the runtime's version switches
//! (`__private::since_1_86!` and the like), so generated code uses only what that release has:
//! safe `#[target_feature]` clones from 1.86 (`unsafe fn` before), AVX-512 and the other x86
//! features stabilized in 1.89 from 1.89 (compiled out before), `core::hint::cold_path` from
//! 1.95 (a call to a `#[cold]` function before).

use std::env;
use std::process::Command;

/// The releases that change what the generated code may use, as `cfg(perfattr_rust_1_<minor>)`.
const RELEASES: [u32; 3] = [86, 89, 95];

fn main() {
    println!("cargo::rerun-if-env-changed=RUSTC");
    let minor = rustc_minor().unwrap_or_else(|| {
        println!(
            "cargo::warning=perfattr could not read the Rust version from `rustc --version`; \
             assuming a release with every feature perfattr uses"
        );
        u32::MAX
    });
    for release in RELEASES {
        println!("cargo::rustc-check-cfg=cfg(perfattr_rust_1_{release})");
        if minor >= release {
            println!("cargo::rustc-cfg=perfattr_rust_1_{release}");
        }
    }
    if minor < 89 {
        // Feature names rustc learned in 1.89: the compile-time feature set asks for them, and
        // on an older compiler they are simply never enabled.
        println!("cargo::rustc-check-cfg=cfg(target_feature, values(\"kl\", \"widekl\"))");
    }
    // Patched dispatch: the `patch` feature on a platform `dispatch/patch.rs` patches (its
    // probe and constructor are Linux's; `static-keys` writes x86-64 and AArch64 jumps).
    println!("cargo::rustc-check-cfg=cfg(perfattr_patch)");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if env::var_os("CARGO_FEATURE_PATCH").is_some()
        && os == "linux"
        && matches!(arch.as_str(), "x86_64" | "aarch64")
    {
        println!("cargo::rustc-cfg=perfattr_patch");
    }
}

/// The minor version of the compiler cargo builds with: `rustc 1.85.0 (…)` gives 85.
fn rustc_minor() -> Option<u32> {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let version = text.strip_prefix("rustc ")?;
    let mut parts = version.split('.');
    if parts.next()? != "1" {
        return None;
    }
    parts.next()?.parse().ok()
}
