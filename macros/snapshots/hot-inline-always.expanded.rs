#[inline(always)]
#[allow(clippy::inline_always)]
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
    unsafe(link_section = ".text.hot.digit.<hash>")
)]
fn digit(byte: u8) -> u64 {
    ::pa::__private::site! {
        leaf static __PERFATTR_SITE : Hot("digit") calls["::from"] reaches["::from"] loop
        false at(::core::line!(), ::core::column!()) id 1u64
    }
    u64::from(byte - b'0')
}
