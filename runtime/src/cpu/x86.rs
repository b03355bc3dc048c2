//! `cpuid`/`xgetbv` detection for `x86` and `x86_64`, without std.

#[cfg(target_arch = "x86")]
use core::arch::x86::{__cpuid_count, _xgetbv};
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{__cpuid_count, _xgetbv};

use super::features::Features;
use super::table::{Arch, FEATURES, bit};

/// Register bits of `cpuid` leaves, as in Intel's SDM vol. 2A, table 3-8 and 3-17.
const LEAF1_ECX: &[(u32, &str)] = &[
    (0, "sse3"),
    (1, "pclmulqdq"),
    (9, "ssse3"),
    (12, "fma"),
    (13, "cmpxchg16b"),
    (19, "sse4.1"),
    (20, "sse4.2"),
    (22, "movbe"),
    (23, "popcnt"),
    (25, "aes"),
    (26, "xsave"),
    (28, "avx"),
    (29, "f16c"),
];
const LEAF1_EDX: &[(u32, &str)] = &[(25, "sse"), (26, "sse2")];
const LEAF7_EBX: &[(u32, &str)] = &[
    (3, "bmi1"),
    (5, "avx2"),
    (8, "bmi2"),
    (16, "avx512f"),
    (17, "avx512dq"),
    (19, "adx"),
    (28, "avx512cd"),
    (29, "sha"),
    (30, "avx512bw"),
    (31, "avx512vl"),
];
const LEAF7_ECX: &[(u32, &str)] = &[(1, "avx512vbmi"), (11, "avx512vnni")];
const EXT1_ECX: &[(u32, &str)] = &[(5, "lzcnt")];

/// Features whose registers the OS must save (XCR0) before code may use them.
const AVX_STATE: &[&str] = &["avx", "avx2", "fma", "f16c"];
const AVX512_PREFIX: &str = "avx512";

pub fn detect() -> Features {
    let mut features = Features::EMPTY;
    let mut add = |register: u32, table: &[(u32, &str)]| {
        for &(register_bit, name) in table {
            if let (true, Some(bit)) = (register & (1 << register_bit) != 0, bit(name, Arch::X86)) {
                features.0 |= 1 << bit;
            }
        }
    };
    // Leaves above the maximum are not queried: their contents are undefined.
    let max_leaf = __cpuid_count(0, 0).eax;
    let leaf1 = __cpuid_count(1, 0);
    add(leaf1.ecx, LEAF1_ECX);
    add(leaf1.edx, LEAF1_EDX);
    if max_leaf >= 7 {
        let leaf7 = __cpuid_count(7, 0);
        add(leaf7.ebx, LEAF7_EBX);
        add(leaf7.ecx, LEAF7_ECX);
    }
    let max_extended = __cpuid_count(0x8000_0000, 0).eax;
    if max_extended >= 0x8000_0001 {
        add(__cpuid_count(0x8000_0001, 0).ecx, EXT1_ECX);
    }

    // The OS must have enabled `xgetbv` (OSXSAVE, leaf 1 ECX bit 27) and save the AVX
    // (XCR0 bits 1, 2) and AVX-512 (bits 5, 6, 7) state, or using them faults.
    let osxsave = leaf1.ecx & (1 << 27) != 0;
    // SAFETY: OSXSAVE says `xgetbv` is enabled.
    let xcr0 = if osxsave { unsafe { xgetbv0() } } else { 0 };
    let avx_saved = xcr0 & 0b110 == 0b110;
    let avx512_saved = avx_saved && xcr0 & 0b1110_0000 == 0b1110_0000;
    let mut unsaved = Features::EMPTY;
    for (bit, feature) in FEATURES.iter().enumerate() {
        let name = feature.name;
        if feature.arch == Arch::X86
            && ((AVX_STATE.contains(&name) && !avx_saved)
                || (name.starts_with(AVX512_PREFIX) && !avx512_saved))
        {
            unsaved.0 |= 1 << bit;
        }
    }
    features.without(unsaved)
}

/// XCR0, the register of the state components the OS saves.
///
/// # Safety
/// The CPU must report OSXSAVE (leaf 1 ECX bit 27): the OS enabled `xgetbv`, which otherwise
/// faults.
#[target_feature(enable = "xsave")]
unsafe fn xgetbv0() -> u64 {
    // SAFETY: the caller checked OSXSAVE.
    unsafe { _xgetbv(0) }
}
