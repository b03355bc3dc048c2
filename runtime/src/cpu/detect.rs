//! Hardware detection, per architecture: `cpuid` on x86 (also without std), std's detection
//! on aarch64, and otherwise only what was enabled at compile time.

use super::features::{Features, compile_time};
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
use super::x86;

/// Runs the hardware detection (not cached).
pub fn detect() -> Features {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    return x86::detect();
    #[cfg(all(target_arch = "aarch64", feature = "std"))]
    return aarch64_std();
    #[allow(unreachable_code)]
    compile_time()
}

#[cfg(all(target_arch = "aarch64", feature = "std"))]
fn aarch64_std() -> Features {
    Features(perfattr_macros::__table!(std_detect))
}
