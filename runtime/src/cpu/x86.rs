//! `cpuid`/`xgetbv` detection for `x86` and `x86_64`, without std: the same bits and the same
//! operating-system rules as std's `is_x86_feature_detected!`.

#[cfg(target_arch = "x86")]
use core::arch::x86::{__cpuid_count, _xgetbv, CpuidResult};
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{__cpuid_count, _xgetbv, CpuidResult};

use core::sync::atomic::AtomicU32;
use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};

use super::features::Features;
use super::table::{Arch, bit};

/// A `cpuid` register, as the tables below name them.
#[derive(Clone, Copy)]
enum Reg {
    /// Leaf 1: ECX, EDX.
    L1Ecx,
    L1Edx,
    /// Leaf 7 sub-leaf 0: EBX, ECX, EDX.
    L7Ebx,
    L7Ecx,
    L7Edx,
    /// Leaf 7 sub-leaf 1: EAX, EDX.
    L71Eax,
    L71Edx,
    /// Leaf `0xD` sub-leaf 1: EAX (the XSAVE variants).
    LdEax,
    /// Leaf `0x19`: EBX (Key Locker).
    L19Ebx,
    /// Leaf `0x8000_0001`: ECX.
    ExtEcx,
}

/// When a feature's bit counts: always, only if the OS saves the AVX state (XCR0 bits 1, 2), only
/// if it also saves the AVX-512 state (bits 5-7) and the CPU has FMA and F16C (Rust's `avx512f`
/// implies both), or only on AMD and Hygon CPUs, whose extended bits mean these features.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Always,
    AvxState,
    Avx512State,
    Amd,
}

/// Where each feature's bit is (Intel SDM vol. 2A, `CPUID`; AMD APM vol. 3, appendix E).
const BITS: &[(&str, Reg, u32, Gate)] = &[
    ("sse3", Reg::L1Ecx, 0, Gate::Always),
    ("pclmulqdq", Reg::L1Ecx, 1, Gate::Always),
    ("ssse3", Reg::L1Ecx, 9, Gate::Always),
    ("cmpxchg16b", Reg::L1Ecx, 13, Gate::Always),
    ("sse4.1", Reg::L1Ecx, 19, Gate::Always),
    ("sse4.2", Reg::L1Ecx, 20, Gate::Always),
    ("movbe", Reg::L1Ecx, 22, Gate::Always),
    ("popcnt", Reg::L1Ecx, 23, Gate::Always),
    ("aes", Reg::L1Ecx, 25, Gate::Always),
    ("f16c", Reg::L1Ecx, 29, Gate::Always),
    ("rdrand", Reg::L1Ecx, 30, Gate::Always),
    ("tsc", Reg::L1Edx, 4, Gate::Always),
    ("mmx", Reg::L1Edx, 23, Gate::Always),
    ("fxsr", Reg::L1Edx, 24, Gate::Always),
    ("sse", Reg::L1Edx, 25, Gate::Always),
    ("sse2", Reg::L1Edx, 26, Gate::Always),
    ("bmi1", Reg::L7Ebx, 3, Gate::Always),
    ("bmi2", Reg::L7Ebx, 8, Gate::Always),
    ("ermsb", Reg::L7Ebx, 9, Gate::Always),
    ("rtm", Reg::L7Ebx, 11, Gate::Always),
    ("rdseed", Reg::L7Ebx, 18, Gate::Always),
    ("adx", Reg::L7Ebx, 19, Gate::Always),
    ("sha", Reg::L7Ebx, 29, Gate::Always),
    ("gfni", Reg::L7Ecx, 8, Gate::Always),
    ("vaes", Reg::L7Ecx, 9, Gate::Always),
    ("vpclmulqdq", Reg::L7Ecx, 10, Gate::Always),
    ("kl", Reg::L19Ebx, 0, Gate::Always),
    ("widekl", Reg::L19Ebx, 2, Gate::Always),
    ("lzcnt", Reg::ExtEcx, 5, Gate::Always),
    ("abm", Reg::ExtEcx, 5, Gate::Always),
    ("xsave", Reg::L1Ecx, 26, Gate::AvxState),
    ("xsaveopt", Reg::LdEax, 0, Gate::AvxState),
    ("xsavec", Reg::LdEax, 1, Gate::AvxState),
    ("xsaves", Reg::LdEax, 3, Gate::AvxState),
    ("fma", Reg::L1Ecx, 12, Gate::AvxState),
    ("avx", Reg::L1Ecx, 28, Gate::AvxState),
    ("avx2", Reg::L7Ebx, 5, Gate::AvxState),
    ("avxvnni", Reg::L71Eax, 4, Gate::AvxState),
    ("avxifma", Reg::L71Eax, 23, Gate::AvxState),
    ("avxvnniint8", Reg::L71Edx, 4, Gate::AvxState),
    ("avxneconvert", Reg::L71Edx, 5, Gate::AvxState),
    ("avxvnniint16", Reg::L71Edx, 10, Gate::AvxState),
    ("sha512", Reg::L71Eax, 0, Gate::AvxState),
    ("sm3", Reg::L71Eax, 1, Gate::AvxState),
    ("sm4", Reg::L71Eax, 2, Gate::AvxState),
    ("avx512f", Reg::L7Ebx, 16, Gate::Avx512State),
    ("avx512dq", Reg::L7Ebx, 17, Gate::Avx512State),
    ("avx512ifma", Reg::L7Ebx, 21, Gate::Avx512State),
    ("avx512pf", Reg::L7Ebx, 26, Gate::Avx512State),
    ("avx512er", Reg::L7Ebx, 27, Gate::Avx512State),
    ("avx512cd", Reg::L7Ebx, 28, Gate::Avx512State),
    ("avx512bw", Reg::L7Ebx, 30, Gate::Avx512State),
    ("avx512vl", Reg::L7Ebx, 31, Gate::Avx512State),
    ("avx512vbmi", Reg::L7Ecx, 1, Gate::Avx512State),
    ("avx512vbmi2", Reg::L7Ecx, 6, Gate::Avx512State),
    ("avx512vnni", Reg::L7Ecx, 11, Gate::Avx512State),
    ("avx512bitalg", Reg::L7Ecx, 12, Gate::Avx512State),
    ("avx512vpopcntdq", Reg::L7Ecx, 14, Gate::Avx512State),
    ("avx512vp2intersect", Reg::L7Edx, 8, Gate::Avx512State),
    ("avx512fp16", Reg::L7Edx, 23, Gate::Avx512State),
    ("avx512bf16", Reg::L71Eax, 5, Gate::Avx512State),
    ("sse4a", Reg::ExtEcx, 6, Gate::Amd),
    ("tbm", Reg::ExtEcx, 21, Gate::Amd),
];

/// The registers of the leaves above, zero where the CPU does not have the leaf.
#[derive(Default)]
struct Leaves {
    l1: (u32, u32),
    l7: (u32, u32, u32),
    l71: (u32, u32),
    ld_eax: u32,
    l19_ebx: u32,
    ext_ecx: u32,
}

impl Leaves {
    fn get(&self, reg: Reg) -> u32 {
        match reg {
            Reg::L1Ecx => self.l1.0,
            Reg::L1Edx => self.l1.1,
            Reg::L7Ebx => self.l7.0,
            Reg::L7Ecx => self.l7.1,
            Reg::L7Edx => self.l7.2,
            Reg::L71Eax => self.l71.0,
            Reg::L71Edx => self.l71.1,
            Reg::LdEax => self.ld_eax,
            Reg::L19Ebx => self.l19_ebx,
            Reg::ExtEcx => self.ext_ecx,
        }
    }

    fn has(&self, reg: Reg, register_bit: u32) -> bool {
        self.get(reg) & (1 << register_bit) != 0
    }
}

pub(super) fn cpuid(leaf: u32, sub_leaf: u32) -> CpuidResult {
    // Safe since Rust 1.87; an `unsafe fn` before (every x86_64 CPU has `cpuid`).
    #[allow(unused_unsafe)]
    unsafe {
        __cpuid_count(leaf, sub_leaf)
    }
}

/// What detection read of leaves 0 and 1, for [`super::identity`] (a `cpuid` traps to the
/// hypervisor in a virtual machine, microseconds each): leaf 0's EAX, EBX, EDX, ECX (the maximum
/// leaf and the vendor), leaf 1's EAX (family, model, stepping), and whether it is set.
pub(super) static SIGNATURE: [AtomicU32; 6] = [const { AtomicU32::new(0) }; 6];

/// Leaves 0 and 1 as detection read them, if it ran: `(leaf 0, leaf 1's EAX)`.
pub(super) fn signature() -> Option<(CpuidResult, u32)> {
    let [max, ebx, edx, ecx, eax1, set] = SIGNATURE.each_ref().map(|word| word.load(Acquire));
    (set == 1).then_some((
        CpuidResult {
            eax: max,
            ebx,
            ecx,
            edx,
        },
        eax1,
    ))
}

pub fn detect() -> Features {
    // Leaves above the maximum are not queried: their contents are undefined.
    let leaf0 = cpuid(0, 0);
    let max_leaf = leaf0.eax;
    let amd = matches!(
        (leaf0.ebx, leaf0.edx, leaf0.ecx),
        // "AuthenticAMD", "HygonGenuine"
        (0x6874_7541, 0x6974_6e65, 0x444d_4163) | (0x6f67_7948, 0x6e65_476e, 0x656e_6975)
    );
    let intel = (leaf0.ebx, leaf0.edx, leaf0.ecx) == (0x756e_6547, 0x4965_6e69, 0x6c65_746e);
    let mut leaves = Leaves::default();
    let mut eax1 = 0;
    if max_leaf >= 1 {
        let leaf1 = cpuid(1, 0);
        leaves.l1 = (leaf1.ecx, leaf1.edx);
        eax1 = leaf1.eax;
    }
    for (word, value) in SIGNATURE
        .iter()
        .zip([leaf0.eax, leaf0.ebx, leaf0.edx, leaf0.ecx, eax1])
    {
        word.store(value, Relaxed);
    }
    SIGNATURE[5].store(1, Release);
    if max_leaf >= 7 {
        let leaf7 = cpuid(7, 0);
        let leaf71 = cpuid(7, 1);
        leaves.l7 = (leaf7.ebx, leaf7.ecx, leaf7.edx);
        leaves.l71 = (leaf71.eax, leaf71.edx);
    }
    if max_leaf >= 0xd {
        leaves.ld_eax = cpuid(0xd, 1).eax;
    }
    // Key Locker's leaf exists when leaf 7 ECX bit 23 says so.
    if leaves.has(Reg::L7Ecx, 23) {
        leaves.l19_ebx = cpuid(0x19, 0).ebx;
    }
    if cpuid(0x8000_0000, 0).eax >= 0x8000_0001 {
        leaves.ext_ecx = cpuid(0x8000_0001, 0).ecx;
    }

    // The OS must have enabled `xgetbv` (XSAVE and OSXSAVE, leaf 1 ECX bits 26, 27) and save
    // the AVX (XCR0 bits 1, 2) and AVX-512 (bits 5, 6, 7) state, or using them faults.
    let osxsave = leaves.has(Reg::L1Ecx, 26) && leaves.has(Reg::L1Ecx, 27);
    // SAFETY: OSXSAVE says `xgetbv` is enabled.
    let xcr0 = if osxsave { unsafe { xgetbv0() } } else { 0 };
    let avx_state = xcr0 & 0b110 == 0b110;
    let fma_and_f16c = leaves.has(Reg::L1Ecx, 12) && leaves.has(Reg::L1Ecx, 29);
    let avx512_state = avx_state && xcr0 & 0b1110_0000 == 0b1110_0000 && fma_and_f16c;

    let mut features = Features::EMPTY;
    for &(name, reg, register_bit, gate) in BITS {
        let open = match gate {
            Gate::Always => true,
            Gate::AvxState => avx_state,
            Gate::Avx512State => avx512_state,
            Gate::Amd => amd,
        };
        if let (true, true, Some(bit)) = (open, leaves.has(reg, register_bit), bit(name, Arch::X86))
        {
            features.0 |= 1 << bit;
        }
    }
    // Some Skylake CPUs report BMI1 and BMI2 without having them (erratum SKL052); Intel CPUs
    // that really have them also have AVX. std drops them the same way.
    if intel && !features.contains("avx") {
        features = features.without(Features::from_list("bmi1,bmi2"));
    }
    features
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
