#[inline]
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
    unsafe(link_section = ".text.hot.parse_u64.<hash>")
)]
pub fn parse_u64(field: &str) -> Result<u64, &'static str> {
    ::perfattr::__private::site! {
        static __PERFATTR_SITE : Hot("parse_u64") calls[".bytes", "::Ok", "::value"]
        reaches[".bytes", "::from", "::Ok", "::value"] loop true at(::core::line!(),
        ::core::column!()) id 1u64
    }
    ::perfattr::__private::site! {
        scope
    }
    let mut value: u64 = 0;
    for byte in field.bytes() {
        ::perfattr::__private::site! {
            static __PERFATTR_REGION : Loop("parse_u64") calls["::from"] reaches[] loop
            false at(::core::line!(), ::core::column!()) id 2u64
        }
        match byte {
            b'0'..=b'9' => value = value * 10 + u64::from(byte - b'0'),
            _ => {
                ::perfattr::__private::cold_path();
                ::perfattr::__private::site! {
                    block : Branch("parse_u64" in __PERFATTR_REGION) calls[] reaches[]
                    loop false at(::core::line!(), ::core::column!()) id 3u64
                }
                return Err(not_a_number(field));
            }
        }
    }
    Ok(value)
}
