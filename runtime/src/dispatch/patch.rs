//! Patched dispatch (`#[multiversion(dispatch = patched)]`, the `patch` feature): each call
//! site of such a function holds one 5-byte instruction per target, made by the `static-keys`
//! crate (a `nop` or a `jmp`). Before `main`, while the process has one thread, a constructor
//! selects each function's clone as a first call would and patches them: from then on a call
//! to the best target's clone is a `nop` and a direct call (another clone: a `jmp` on to its).
//!
//! The rule: text is patched only in that constructor, never later, so no thread can be
//! executing the bytes being written. Until then (other constructors), and wherever patching
//! is refused or unsupported, the unpatched code takes the function's run-time path (its cached
//! pointer or clone index): correct, and the dispatch report says which mode is active. The
//! macros generated code expands to (`patch_keys!`, `patch_of!`, `patched!`) are here too.

use core::sync::atomic::Ordering::Acquire;
use core::sync::atomic::{AtomicI32, AtomicU8};

/// The keys of one patched function, for the constructor: one per target, turned on when its
/// clone is selected (`first`, the best target's, is the call site's fall-through when on),
/// and `pending`, on until the function is patched (its code takes the run-time path
/// meanwhile).
#[cfg(perfattr_patch)]
pub struct Patch {
    pub first: &'static static_keys::StaticFalseKey,
    pub rest: &'static [&'static static_keys::StaticFalseKey],
    pub pending: &'static static_keys::StaticTrueKey,
}

#[cfg(perfattr_patch)]
impl core::fmt::Debug for Patch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut on = std::vec![self.first.is_enabled()];
        on.extend(self.rest.iter().map(|key| key.is_enabled()));
        f.debug_struct("Patch")
            .field("keys", &on)
            .field("pending", &self.pending.is_enabled())
            .finish()
    }
}

/// Without patching (the feature off, or a platform it does not support) nothing is patched.
#[cfg(not(perfattr_patch))]
#[derive(Debug)]
pub struct Patch;

/// Whether this build can patch at all: the feature on a supported platform.
pub(crate) const SUPPORTED: bool = cfg!(perfattr_patch);

/// What the constructor did, process-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patching {
    /// perfattr's `patch` feature is off: `dispatch = patched` cannot be written.
    NotCompiled,
    /// The feature is on, but this OS or architecture is not one patching supports (Linux on
    /// x86-64 or AArch64): patched functions use their run-time path.
    Unsupported,
    /// The constructor has not run (yet): a call made from another constructor.
    NotYet,
    /// `PERFATTR_PATCH=off`.
    Off,
    /// `PERFATTR_PATCH` holds something else than `on` or `off`: not patched (it fails closed).
    BadSetting,
    /// The system refused to make written code executable (a W^X policy such as `SELinux`'s
    /// `execmem` or `prctl(PR_SET_MDWE)`, a read-only text mapping): the OS error number.
    Refused {
        /// The step refused (`"mmap"`, `"mprotect"`, `"mremap"`).
        step: &'static str,
        /// `errno`.
        errno: i32,
    },
    /// Patching started and failed part-way (a panic in the patching code): the functions
    /// not patched use their run-time path; every patched one runs a clone the CPU has.
    Failed,
    /// Every patched function's call sites jump straight to its selected clone.
    Patched,
}

// The macros a `dispatch = patched` dispatcher expands to (re-exported by `__private`).

/// `patch_keys!(PATCH; PENDING; K0, K1)`, in a `dispatch = patched` dispatcher: the static
/// keys of its call sites (`PENDING` on until the start-up constructor patched them; `Ki` on
/// once clone `i` is selected) and the static `PATCH` its entry gives the constructor. Nothing
/// where the build cannot patch.
#[cfg(perfattr_patch)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patch_keys {
    ($patch:ident; $pending:ident; $first:ident $(, $key:ident)*) => {
        $crate::__private::static_keys::define_static_key_true!($pending);
        $crate::__private::static_keys::define_static_key_false!($first);
        $($crate::__private::static_keys::define_static_key_false!($key);)*
        static $patch: $crate::__private::Patch = $crate::__private::Patch {
            first: &$first,
            rest: &[$(&$key),*],
            pending: &$pending,
        };
    };
}

#[cfg(not(perfattr_patch))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patch_keys {
    ($($tokens:tt)*) => {};
}

/// The entry's `patch` field: `Some(&PATCH)` where the build patches.
#[cfg(perfattr_patch)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patch_of {
    ($patch:ident) => {
        ::core::option::Option::Some(&$patch)
    };
}

#[cfg(not(perfattr_patch))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patch_of {
    ($patch:ident) => {
        ::core::option::Option::None
    };
}

/// A `dispatch = patched` call: `patched!({ K0 => call0, K1 => call1 } PENDING => run_time,
/// fallback => call)`. Each key is one 5-byte instruction at the call site, a `nop` or a
/// `jmp`. Patched to the best target, the call site is one `nop` and a direct call: `K0`
/// falls through to its call. Otherwise `K0` jumps to the rest: before the start-up
/// constructor patched the keys (and wherever it did not), `PENDING` jumps to the run-time
/// path; patched to another clone, that clone's key jumps to its call; to the fallback, no
/// key does. A helper forcing a level (testing and bench builds only) takes the run-time path.
#[cfg(perfattr_patch)]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patched {
    ({ $first:ident => $first_arm:expr $(, $key:ident => $arm:expr)* } $pending:ident => $run_time:expr, fallback => $fallback:expr) => {
        if $crate::__private::forcing() {
            $run_time
        } else if $crate::__private::static_keys::static_branch_likely!($first) {
            $first_arm
        } else if $crate::__private::static_keys::static_branch_unlikely!($pending) {
            $run_time
        }
        $(else if $crate::__private::static_keys::static_branch_unlikely!($key) {
            $arm
        })*
        else {
            $fallback
        }
    };
}

/// The `patch` feature on a platform it does not patch: the run-time path.
#[cfg(all(feature = "patch", not(perfattr_patch)))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patched {
    ({ $($key:ident => $arm:expr),* } $pending:ident => $run_time:expr, fallback => $fallback:expr) => {
        $run_time
    };
}

#[cfg(not(feature = "patch"))]
#[macro_export]
#[doc(hidden)]
macro_rules! __perfattr_patched {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`#[multiversion(dispatch = patched)]` needs perfattr's `patch` feature (Rust 1.87 \
             or newer): `perfattr = { version = \"…\", features = [\"patch\"] }`; or choose \
             `dispatch = pointer`, `branch` or `compile_time`"
        )
    };
}

const NOT_YET: u8 = 0;
const OFF: u8 = 1;
const BAD: u8 = 2;
const REFUSED: u8 = 3;
const FAILED: u8 = 4;
const PATCHED: u8 = 5;

static STATE: AtomicU8 = AtomicU8::new(NOT_YET);
/// The refused step (an index into `STEPS`) and errno, stored before `STATE`.
static REFUSED_STEP: AtomicU8 = AtomicU8::new(0);
static REFUSED_ERRNO: AtomicI32 = AtomicI32::new(0);
const STEPS: [&str; 3] = ["mmap", "mprotect", "mremap"];

/// What patching did in this process, for `#[multiversion(dispatch = patched)]` functions (the
/// dispatch report's `patching` line says the same in words).
///
/// ```
/// use perfattr::Patching;
/// match perfattr::patching() {
///     Patching::Patched => println!("patched calls jump straight to their clones"),
///     other => println!("patched calls take their pointer or index: {other}"),
/// }
/// ```
#[must_use]
pub fn patching() -> Patching {
    if !cfg!(feature = "patch") {
        return Patching::NotCompiled;
    }
    if !SUPPORTED {
        return Patching::Unsupported;
    }
    match STATE.load(Acquire) {
        OFF => Patching::Off,
        BAD => Patching::BadSetting,
        REFUSED => Patching::Refused {
            step: STEPS[usize::from(REFUSED_STEP.load(Acquire)) % STEPS.len()],
            errno: REFUSED_ERRNO.load(Acquire),
        },
        FAILED => Patching::Failed,
        PATCHED => Patching::Patched,
        _ => Patching::NotYet,
    }
}

impl core::fmt::Display for Patching {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match *self {
            Patching::NotCompiled => {
                f.write_str("not compiled (perfattr's `patch` feature is off)")
            }
            Patching::Unsupported => f.write_str(
                "unsupported on this OS or architecture (Linux on x86-64 or AArch64): \
                 patched functions use their pointer or clone index",
            ),
            Patching::NotYet => f.write_str("not yet (the start-up constructor has not run)"),
            Patching::Off => f.write_str("off (PERFATTR_PATCH=off): pointer or clone index"),
            Patching::BadSetting => f.write_str(
                "not patched: PERFATTR_PATCH is neither `on` nor `off` (pointer or clone index)",
            ),
            Patching::Refused { step, errno } => {
                write!(f, "refused: {step} failed (")?;
                #[cfg(feature = "std")]
                write!(f, "{}", std::io::Error::from_raw_os_error(errno))?;
                #[cfg(not(feature = "std"))]
                write!(f, "errno {errno}")?;
                f.write_str("), as under a W^X policy: pointer or clone index")
            }
            Patching::Failed => f.write_str(
                "failed part-way: the functions not patched use their pointer or clone index",
            ),
            Patching::Patched => f.write_str("patched before main"),
        }
    }
}

/// Whether a `dispatch = patched` entry's call sites jump straight to its clone.
#[cfg(feature = "report")]
#[must_use]
pub(crate) fn is_patched(patch: Option<&'static Patch>) -> bool {
    #[cfg(perfattr_patch)]
    if let Some(patch) = patch {
        return !patch.pending.is_enabled();
    }
    let _ = patch;
    false
}

#[cfg(perfattr_patch)]
mod linux {
    use super::{BAD, FAILED, OFF, PATCHED, REFUSED, REFUSED_ERRNO, REFUSED_STEP, STATE};
    use core::ffi::{c_int, c_long, c_void};
    use core::sync::atomic::Ordering::Release;

    /// Runs before `main`, when the process has one thread (constructors of shared libraries
    /// loaded later run before `dlopen` returns, before any of their code can be called).
    #[used]
    #[unsafe(link_section = ".init_array")]
    static PATCH_AT_START: extern "C" fn() = patch_at_start;

    extern "C" fn patch_at_start() {
        let setting = crate::env::with_var(c"PERFATTR_PATCH", |value| match value {
            None | Some(b"on") => Ok(true),
            Some(b"off") => Ok(false),
            Some(_) => Err(()),
        });
        match setting {
            Ok(true) => {}
            Ok(false) => return STATE.store(OFF, Release),
            Err(()) => {
                std::eprintln!(
                    "perfattr: PERFATTR_PATCH must be `on` or `off`: patched dispatch stays \
                     unpatched (pointer or clone index)"
                );
                return STATE.store(BAD, Release);
            }
        }
        // A program with no `dispatch = patched` function has nothing to patch: its setting is
        // still checked, but no probe and no `global_init` are added to its start-up.
        let functions = || {
            super::super::MULTIVERSIONED
                .iter()
                .filter_map(|e| Some((e, e.patch?)))
        };
        if functions().next().is_none() {
            return STATE.store(PATCHED, Release);
        }
        if let Err((step, errno)) = probe() {
            REFUSED_STEP.store(step, Release);
            REFUSED_ERRNO.store(errno, Release);
            return STATE.store(REFUSED, Release);
        }
        // A panic must not unwind out of a constructor: it would abort before `main`.
        let patched = std::panic::catch_unwind(|| {
            static_keys::global_init();
            for (entry, patch) in functions() {
                let index = entry.select();
                // SAFETY: one thread runs (see `PATCH_AT_START`), after `global_init`. The call
                // sites then reach the clone `select` chose, whose features the CPU has (or the
                // fallback, which needs none): its key is turned on (none for the fallback).
                unsafe {
                    if index == 0 {
                        patch.first.enable();
                    } else if let Some(key) = patch.rest.get(index - 1) {
                        key.enable();
                    }
                    patch.pending.disable();
                }
            }
        });
        STATE.store(if patched.is_ok() { PATCHED } else { FAILED }, Release);
    }

    const PROT_READ: c_int = 1;
    const PROT_WRITE: c_int = 2;
    const PROT_EXEC: c_int = 4;
    const MAP_PRIVATE: c_int = 2;
    const MAP_ANONYMOUS: c_int = 0x20;
    const MREMAP_MAYMOVE: c_int = 1;
    const MREMAP_FIXED: c_int = 2;
    const MAP_FAILED: *mut c_void = !0 as *mut c_void;

    unsafe extern "C" {
        fn mmap(
            addr: *mut c_void,
            len: usize,
            prot: c_int,
            flags: c_int,
            fd: c_int,
            off: c_long,
        ) -> *mut c_void;
        fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int;
        fn mremap(
            old: *mut c_void,
            old_len: usize,
            new_len: usize,
            flags: c_int,
            ...
        ) -> *mut c_void;
        fn munmap(addr: *mut c_void, len: usize) -> c_int;
    }

    /// Whether the system lets the process do what `static-keys` does to patch a page (a
    /// written anonymous page made executable, moved over another mapping), tried on pages
    /// of its own: that crate panics where it is refused; this says why, and nothing is
    /// patched. A test hook: `PERFATTR_PATCH_REFUSE_FOR_TEST=mprotect` refuses that step.
    fn probe() -> Result<(), (u8, i32)> {
        const PAGE: usize = 1 << 16; // a multiple of every page size Linux uses here
        const EACCES: i32 = 13;
        let hook = crate::env::with_var(c"PERFATTR_PATCH_REFUSE_FOR_TEST", |value| {
            value.and_then(|v| super::STEPS.iter().position(|s| s.as_bytes() == v))
        });
        // `Err((step, errno))` unless `ok` (and the hook does not refuse the step).
        let check = |step: u8, ok: bool| {
            if hook == Some(usize::from(step)) {
                Err((step, EACCES))
            } else if ok {
                Ok(())
            } else {
                let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                Err((step, errno))
            }
        };
        let map = |prot| {
            // SAFETY: a fresh private anonymous mapping, of this function's own.
            unsafe {
                mmap(
                    core::ptr::null_mut(),
                    PAGE,
                    prot,
                    MAP_PRIVATE | MAP_ANONYMOUS,
                    -1,
                    0,
                )
            }
        };
        let written = map(PROT_READ | PROT_WRITE);
        check(0, written != MAP_FAILED)?;
        let target = map(PROT_READ | PROT_EXEC);
        // SAFETY: `written` and `target` are the mappings above, used by nothing else;
        // `mremap` moves the first over the second, which is unmapped once (either way).
        unsafe {
            let result = check(0, target != MAP_FAILED)
                .and_then(|()| check(1, mprotect(written, PAGE, PROT_READ | PROT_EXEC) == 0))
                .and_then(|()| {
                    let flags = MREMAP_MAYMOVE | MREMAP_FIXED;
                    let moved = mremap(written, PAGE, PAGE, flags, target);
                    check(2, moved != MAP_FAILED)
                });
            if result.is_err() {
                munmap(written, PAGE);
            }
            if target != MAP_FAILED {
                munmap(target, PAGE);
            }
            result
        }
    }
}
