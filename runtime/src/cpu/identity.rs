//! [`Identity`]: which CPU model this is, what a dispatch profile's measurements are keyed by.
//! x86: `cpuid`'s vendor, family, model and stepping (also without std); aarch64: `MIDR_EL1`
//! where Linux exposes it (std), else nothing but the feature set.

use core::fmt;

use super::features::Features;

/// The identity of this CPU model, as a dispatch profile records it.
///
/// ```
/// let cpu = perfattr::cpu::identity();
/// println!("this CPU: {cpu}");
/// # #[cfg(target_arch = "x86_64")]
/// assert!(!cpu.vendor().is_empty());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    arch: &'static str,
    vendor: [u8; 12],
    /// x86: the display family (base plus extended), model (with the extended model where
    /// the family uses it) and stepping; 0 elsewhere.
    pub family: u32,
    pub model: u32,
    pub stepping: u32,
    /// aarch64: `MIDR_EL1` (implementer, variant, part, revision), where the OS exposes it.
    pub midr: Option<u64>,
}

impl Identity {
    /// `"x86_64"`, `"x86"`, `"aarch64"`: the architecture this program was compiled for.
    ///
    /// ```
    /// # #[cfg(target_arch = "x86_64")]
    /// assert_eq!(perfattr::cpu::identity().arch(), "x86_64");
    /// ```
    #[must_use]
    pub fn arch(&self) -> &'static str {
        self.arch
    }

    /// x86: `"GenuineIntel"`, `"AuthenticAMD"`, …; empty elsewhere.
    ///
    /// ```
    /// let cpu = perfattr::cpu::identity();
    /// println!("{} family {} model {}", cpu.vendor(), cpu.family, cpu.model);
    /// ```
    #[must_use]
    pub fn vendor(&self) -> &str {
        text(&self.vendor)
    }

    /// x86: the brand string (`"AMD EPYC 7B13"`); empty elsewhere. Read when asked (three
    /// more `cpuid`s), not for dispatch, which needs only the model.
    ///
    /// ```
    /// println!("running on {}", perfattr::cpu::identity().name());
    /// ```
    #[must_use]
    pub fn name(&self) -> Brand {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        {
            let mut brand = Brand([0; 48]);
            if self.arch == ARCH {
                x86_brand(&mut brand.0);
            }
            brand
        }
        #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
        {
            let _ = self;
            Brand([0; 48])
        }
    }
}

/// A CPU's brand string ([`Identity::name`]).
///
/// ```
/// let name = perfattr::cpu::identity().name();
/// assert_eq!(name.as_str(), name.as_str().trim());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Brand([u8; 48]);

impl Brand {
    /// The text, trimmed.
    ///
    /// ```
    /// println!("{}", perfattr::cpu::identity().name().as_str());
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        text(&self.0).trim()
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The bytes up to the first NUL, if they are UTF-8.
fn text(bytes: &[u8]) -> &str {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    core::str::from_utf8(&bytes[..end]).unwrap_or_default()
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(midr) = self.midr {
            write!(f, "{} MIDR {midr:#x}", self.arch)?;
        } else if self.vendor().is_empty() {
            write!(f, "{} (no model identity)", self.arch)?;
        } else {
            write!(
                f,
                "{} family {} model {} stepping {}",
                self.vendor(),
                self.family,
                self.model,
                self.stepping
            )?;
        }
        let name = self.name();
        if !name.as_str().is_empty() {
            write!(f, " ({name})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// This CPU's identity, read once (a few `cpuid`s, which trap to the hypervisor in a virtual
/// machine, or one small file on aarch64) and cached.
///
/// ```
/// let cpu = perfattr::cpu::identity();
/// assert_eq!(cpu, perfattr::cpu::identity());
/// println!("dispatch profiles know this CPU as: {cpu}");
/// ```
#[must_use]
pub fn identity() -> Identity {
    use core::sync::atomic::AtomicU8;
    use core::sync::atomic::Ordering::{Acquire, Release};
    struct Cached(core::cell::UnsafeCell<Option<Identity>>);
    // SAFETY: written once, by the thread that moves `STATE` from 0 to 1, before it publishes
    // 2 with release; read only after an acquire load sees 2.
    unsafe impl Sync for Cached {}
    static STATE: AtomicU8 = AtomicU8::new(0);
    static CACHED: Cached = Cached(core::cell::UnsafeCell::new(None));
    match STATE.compare_exchange(0, 1, Acquire, Acquire) {
        Ok(_) => {
            let identity = read();
            // SAFETY: this thread alone moved the state to 1: nobody reads or writes the cell
            // until it publishes 2.
            unsafe { *CACHED.0.get() = Some(identity) };
            STATE.store(2, Release);
            identity
        }
        // SAFETY: 2 is stored after the cell was written, with release.
        Err(2) => unsafe { (*CACHED.0.get()).unwrap_or_else(read) },
        // Another thread is reading it: read it here too rather than wait.
        Err(_) => read(),
    }
}

/// Reads this CPU's identity.
fn read() -> Identity {
    let mut identity = Identity {
        arch: ARCH,
        vendor: [0; 12],
        family: 0,
        model: 0,
        stepping: 0,
        midr: None,
    };
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    x86(&mut identity);
    #[cfg(all(target_arch = "aarch64", feature = "std"))]
    {
        identity.midr = midr();
    }
    identity
}

#[cfg(target_arch = "x86_64")]
const ARCH: &str = "x86_64";
#[cfg(target_arch = "x86")]
const ARCH: &str = "x86";
#[cfg(target_arch = "aarch64")]
const ARCH: &str = "aarch64";
#[cfg(not(any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")))]
const ARCH: &str = "other";

#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
fn x86(identity: &mut Identity) {
    use super::x86::cpuid;
    // Detection (which runs before any dispatch) read leaves 0 and 1 already.
    let (leaf0, eax1) = super::x86::signature().unwrap_or_else(|| {
        let leaf0 = cpuid(0, 0);
        let eax1 = if leaf0.eax >= 1 { cpuid(1, 0).eax } else { 0 };
        (leaf0, eax1)
    });
    for (chunk, register) in identity
        .vendor
        .chunks_mut(4)
        .zip([leaf0.ebx, leaf0.edx, leaf0.ecx])
    {
        chunk.copy_from_slice(&register.to_le_bytes());
    }
    if leaf0.eax >= 1 {
        let eax = eax1;
        let base_family = (eax >> 8) & 0xF;
        let base_model = (eax >> 4) & 0xF;
        identity.stepping = eax & 0xF;
        identity.family = if base_family == 0xF {
            base_family + ((eax >> 20) & 0xFF)
        } else {
            base_family
        };
        identity.model = if base_family == 0x6 || base_family == 0xF {
            (((eax >> 16) & 0xF) << 4) | base_model
        } else {
            base_model
        };
    }
}

/// The brand string, from `cpuid` leaves `0x8000_0002` to `0x8000_0004`.
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
fn x86_brand(brand: &mut [u8; 48]) {
    use super::x86::cpuid;
    if cpuid(0x8000_0000, 0).eax >= 0x8000_0004 {
        for (i, chunk) in brand.chunks_mut(16).enumerate() {
            #[allow(clippy::cast_possible_truncation, reason = "i is 0, 1 or 2")]
            let leaf = cpuid(0x8000_0002 + i as u32, 0);
            for (bytes, register) in chunk
                .chunks_mut(4)
                .zip([leaf.eax, leaf.ebx, leaf.ecx, leaf.edx])
            {
                bytes.copy_from_slice(&register.to_le_bytes());
            }
        }
    }
}

/// `MIDR_EL1` of CPU 0, which Linux exposes in sysfs (none under qemu-user, or elsewhere).
#[cfg(all(target_arch = "aarch64", feature = "std"))]
fn midr() -> Option<u64> {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1")
        .ok()?;
    u64::from_str_radix(text.trim().trim_start_matches("0x"), 16).ok()
}

/// Whether a profile's CPU is this one's model: the same architecture and vendor, family and
/// model (x86), or the same `MIDR_EL1` implementer and part (aarch64), or, with no model
/// identity on either side, the same features. How close it is beyond that: 2 for the same
/// stepping (revision) and features, 1 for one of them, 0 for neither; `None` for another model.
#[must_use]
pub(crate) fn closeness(
    this: &Identity,
    features: Features,
    other: (&str, &str, u32, u32, u32, Option<u64>, Features),
) -> Option<u8> {
    let (arch, vendor, family, model, stepping, midr, other_features) = other;
    let same_features = features == other_features;
    let same_model = arch == this.arch
        && match (this.midr, midr) {
            // Implementer (bits 24-31) and part number (bits 4-15).
            (Some(a), Some(b)) => a & 0xFF00_FFF0 == b & 0xFF00_FFF0,
            (None, None) if this.vendor().is_empty() && vendor.is_empty() => same_features,
            (None, None) => vendor == this.vendor() && family == this.family && model == this.model,
            _ => false,
        };
    let same_step = match (this.midr, midr) {
        (Some(a), Some(b)) => a == b,
        _ => stepping == this.stepping,
    };
    same_model.then_some(u8::from(same_step) + u8::from(same_features))
}
