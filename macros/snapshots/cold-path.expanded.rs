#[cold]
#[inline(never)]
#[allow(clippy::missing_const_for_fn)]
#[cfg_attr(
    any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly",
        target_os = "illumos",
        target_os = "solaris",
        target_os = "fuchsia",
        target_os = "haiku",
    ),
    unsafe(link_section = ".text.unlikely.not_a_number.<hash>")
)]
/// Builds the error.
#[must_use]
fn not_a_number(field: &str) -> &'static str {
    ::perfattr::__private::site! {
        leaf static __PERFATTR_SITE : Cold("not_a_number") calls[] reaches[] loop false
        at(::core::line!(), ::core::column!()) id 1u64
    }
    let _ = field;
    "not a number"
}
