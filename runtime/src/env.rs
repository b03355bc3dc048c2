//! Reading an environment variable without allocating or taking a lock, for the first dispatch:
//! it may run in a signal handler that interrupted `malloc`, or in the child of a `fork` that
//! happened while another thread held a lock. (`std::env::var_os` copies the value into an
//! allocation under std's environment lock.)

use core::ffi::CStr;

/// Calls `f` with the value of variable `name` (its bytes), or `None` when it is unset.
#[cfg(unix)]
pub(crate) fn with_var<R>(name: &CStr, f: impl FnOnce(Option<&[u8]>) -> R) -> R {
    // SAFETY: C's `getenv`: a C string in, a pointer into the environment (or null) out.
    unsafe extern "C" {
        safe fn getenv(name: *const core::ffi::c_char) -> *const core::ffi::c_char;
    }
    let value = getenv(name.as_ptr());
    if value.is_null() {
        return f(None);
    }
    // SAFETY: a non-null `getenv` result is a NUL-terminated string in the environment, which
    // stays valid while nothing modifies the environment (which Rust makes `unsafe` to do
    // while other threads run).
    f(Some(unsafe { CStr::from_ptr(value) }.to_bytes()))
}

#[cfg(not(unix))]
pub(crate) fn with_var<R>(name: &CStr, f: impl FnOnce(Option<&[u8]>) -> R) -> R {
    let value = name
        .to_str()
        .ok()
        .and_then(std::env::var_os)
        .map(|value| value.to_string_lossy().into_owned());
    f(value.as_deref().map(str::as_bytes))
}

/// Whether variable `name` is set.
pub(crate) fn is_set(name: &CStr) -> bool {
    with_var(name, |value| value.is_some())
}
