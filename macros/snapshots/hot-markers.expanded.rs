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
    unsafe(link_section = ".text.hot.classify.<hash>")
)]
fn classify(code: u16, items: &[u32]) -> u32 {
    ::perfattr::__private::site! {
        static __PERFATTR_SITE : Hot("classify") calls[".filter", ".iter", ".unwrap_or",
        "::MAX", "::try_from", ".count"] reaches[".filter", ".iter", ".unwrap_or",
        "::MAX", "::try_from", ".count"] loop true at(::core::line!(), ::core::column!())
        id 1u64
    }
    ::perfattr::__private::site! {
        scope
    }
    if code == 0 {
        ::perfattr::__private::cold_path();
        ::perfattr::__private::site! {
            block : Branch("classify" in __PERFATTR_SITE) calls[] reaches[] loop false
            at(::core::line!(), ::core::column!()) id 2u64
        }
        return 0;
    }
    let valid = items
        .iter()
        .filter(|&&item| {
            ::perfattr::__private::site! {
                static __PERFATTR_REGION : Closure("classify") calls[] reaches[] loop
                false at(::core::line!(), ::core::column!()) id 3u64
            }
            if item == u32::MAX {
                ::perfattr::__private::cold_path();
                ::perfattr::__private::site! {
                    block : Branch("classify" in __PERFATTR_REGION) calls[] reaches[]
                    loop false at(::core::line!(), ::core::column!()) id 4u64
                }
                return false;
            }
            true
        });
    ::perfattr::__private::cold_path();
    ::perfattr::__private::site! {
        block : Branch("classify" in __PERFATTR_SITE) calls[] reaches[] loop false
        at(::core::line!(), ::core::column!()) id 5u64
    }
    {
        log(code);
    }
    u32::try_from(valid.count()).unwrap_or(u32::MAX)
}
