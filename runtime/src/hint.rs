//! Branch hints that work on stable Rust: [`cold_path`], [`likely`], [`unlikely`].
#![allow(
    clippy::inline_always,
    reason = "a hint only marks a branch when it is inlined into that branch"
)]

/// Marks the code path that reaches this call as unlikely.
///
/// The compiler lays the path out of the way of the likely one and weighs branches towards
/// it as rarely taken. This is what a branch-level `#[cold_path]` marker expands to; call it
/// directly where an attribute does not fit. Built on [`core::hint::cold_path`] from Rust 1.95;
/// on older releases, a call to an empty `#[cold]` function.
///
/// ```
/// fn parse_digit(b: u8) -> Option<u8> {
///     if b.is_ascii_digit() {
///         Some(b - b'0')
///     } else {
///         perfattr::cold_path();
///         None
///     }
/// }
/// assert_eq!(parse_digit(b'7'), Some(7));
/// assert_eq!(parse_digit(b'x'), None);
/// ```
#[inline(always)]
pub const fn cold_path() {
    #[cfg(perfattr_rust_1_95)]
    #[clippy::msrv = "1.95"]
    core::hint::cold_path();
    // Before Rust 1.95, the older form: a call to a `#[cold]` function marks the path.
    #[cfg(not(perfattr_rust_1_95))]
    cold();
}

#[cfg(not(perfattr_rust_1_95))]
#[cold]
const fn cold() {}

/// Returns `condition`, hinting that it is usually `true`.
///
/// ```
/// use perfattr::likely;
///
/// fn checked_halve(n: u32) -> Option<u32> {
///     if likely(n % 2 == 0) { Some(n / 2) } else { None }
/// }
/// assert_eq!(checked_halve(8), Some(4));
/// assert_eq!(checked_halve(7), None);
/// ```
#[inline(always)]
#[must_use]
pub const fn likely(condition: bool) -> bool {
    if !condition {
        cold_path();
    }
    condition
}

/// Returns `condition`, hinting that it is usually `false`.
///
/// ```
/// use perfattr::unlikely;
///
/// fn div(a: u32, b: u32) -> Option<u32> {
///     if unlikely(b == 0) { None } else { Some(a / b) }
/// }
/// assert_eq!(div(9, 3), Some(3));
/// assert_eq!(div(9, 0), None);
/// // Also usable in constants.
/// const RARE: bool = perfattr::unlikely(false);
/// assert!(!RARE);
/// ```
#[inline(always)]
#[must_use]
pub const fn unlikely(condition: bool) -> bool {
    if condition {
        cold_path();
    }
    condition
}
