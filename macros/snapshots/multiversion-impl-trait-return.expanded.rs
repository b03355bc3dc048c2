#[inline]
#[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
pub fn evens(values: &[u32]) -> impl Iterator<Item = &u32> + Clone {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "avx2")] #[inline] fn __perfattr_avx2(values : &
        [u32]) -> impl Iterator < Item = & u32 > + Clone { ::perfattr::__private::site! {
        clone : "evens" for "avx2" id 1u64 } values.iter().filter(| v | * v % 2 == 0) }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "sse4.2")] #[inline] fn __perfattr_sse4(values : &
        [u32]) -> impl Iterator < Item = & u32 > + Clone { ::perfattr::__private::site! {
        clone : "evens" for "sse4" id 2u64 } values.iter().filter(| v | * v % 2 == 0) }
    }
    #[inline]
    fn __perfattr_fallback(values: &[u32]) -> impl Iterator<Item = &u32> + Clone {
        ::perfattr::__private::site! {
            clone : "evens" for "fallback" id 3u64
        }
        values.iter().filter(|v| *v % 2 == 0)
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    const __PERFATTR_BEST: bool = ::core::cfg!(all(target_feature = "avx2"));
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::entry! {
        static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
        ::perfattr::__private::Entry { path : ::perfattr::__private::path!(), location :
        ::core::concat!(::core::file!(), ":", ::core::line!()), targets : &
        [::perfattr::__private::Target::new("avx2", 208907209277452u128),
        ::perfattr::__private::Target::new("sse4", 208907209277440u128)], slot :
        ::core::option::Option::None, compile_time :
        ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [], choice :
        ::perfattr::__private::Choice::new(), code : & [], patch :
        ::core::option::Option::None, };
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    let __perfattr_index: usize = if __PERFATTR_BEST
        && ::perfattr::__private::compile_time_dispatch!()
    {
        0
    } else {
        __PERFATTR_ENTRY.index()
    };
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    return match __perfattr_index {
        0usize => ::perfattr::__private::Either::A(unsafe { __perfattr_avx2(values) }),
        1usize => {
            ::perfattr::__private::Either::B(
                ::perfattr::__private::Either::A(unsafe { __perfattr_sse4(values) }),
            )
        }
        _ => {
            ::perfattr::__private::Either::B(
                ::perfattr::__private::Either::B(__perfattr_fallback(values)),
            )
        }
    };
    #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
    return __perfattr_fallback(values);
}
