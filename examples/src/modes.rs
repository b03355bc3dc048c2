//! One function in every dispatch mode (`#[multiversion(dispatch = …)]`), for the
//! `dispatch_modes` example and the tests (which clone each mode runs, on every CPU and under
//! every setting). Each returns the name of the clone that ran (`selected!()`); AVX-512 comes
//! first so AVX-512 machines prove that clone too. What a call costs in each mode is measured
//! by `tests/dispatch-bench`.

use perfattr::{multiversion, selected};

#[multiversion(v4, avx2, sse4)]
#[must_use]
pub fn which_auto() -> &'static str {
    selected!()
}

#[multiversion(v4, avx2, sse4, dispatch = patched)]
#[must_use]
pub fn which_patched() -> &'static str {
    selected!()
}

#[multiversion(v4, avx2, sse4, dispatch = pointer)]
#[must_use]
pub fn which_pointer() -> &'static str {
    selected!()
}

#[multiversion(v4, avx2, sse4, dispatch = branch)]
#[must_use]
pub fn which_branch() -> &'static str {
    selected!()
}

#[multiversion(v4, avx2, sse4, dispatch = compile_time)]
#[must_use]
pub fn which_compile_time() -> &'static str {
    selected!()
}

#[multiversion(v4, avx2, sse4, dispatch = patched)]
#[must_use]
pub fn which_generic_patched<T: Default>() -> &'static str {
    let _ = T::default();
    selected!()
}

/// A method: its clones are trampolines, patched like a function's.
pub struct Probe;

impl Probe {
    #[multiversion(v4, avx2, sse4, dispatch = patched)]
    #[must_use]
    pub fn which(&self) -> &'static str {
        selected!()
    }
}

/// Every `which_*` function's answer, by mode: `(mode, clone)`.
#[must_use]
pub fn which_all() -> [(&'static str, &'static str); 7] {
    [
        ("auto", which_auto()),
        ("patched", which_patched()),
        ("pointer", which_pointer()),
        ("branch", which_branch()),
        ("compile_time", which_compile_time()),
        ("generic_patched", which_generic_patched::<u8>()),
        ("method_patched", Probe.which()),
    ]
}

/// Called only by the test that checks patched calls never took the run-time path.
#[multiversion(v4, avx2, sse4, dispatch = patched)]
#[must_use]
pub fn scale_patched(x: u64) -> u64 {
    x.wrapping_mul(3)
}

/// The same, generic.
#[multiversion(v4, avx2, sse4, dispatch = patched)]
#[must_use]
pub fn scale_generic_patched<T: Into<u64>>(x: T) -> u64 {
    x.into().wrapping_mul(3)
}
