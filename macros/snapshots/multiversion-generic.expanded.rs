#[inline]
#[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
pub fn total<T: Copy + Into<f64>>(values: &[T]) -> f64 {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable =
        "cmpxchg16b,popcnt,avx2,bmi1,bmi2,f16c,fma,lzcnt,movbe")] #[inline] fn
        __perfattr_v3 < T : Copy + Into < f64 > > (values : & [T]) -> f64 {
        ::perfattr::__private::site! { clone : "total" for "v3" id 1u64 } values.iter()
        .map(| & v | v.into()).sum() }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "cmpxchg16b,sse4.2,popcnt")] #[inline] fn
        __perfattr_v2 < T : Copy + Into < f64 > > (values : & [T]) -> f64 {
        ::perfattr::__private::site! { clone : "total" for "v2" id 2u64 } values.iter()
        .map(| & v | v.into()).sum() }
    }
    #[inline]
    fn __perfattr_fallback<T: Copy + Into<f64>>(values: &[T]) -> f64 {
        ::perfattr::__private::site! {
            clone : "total" for "fallback" id 3u64
        }
        values.iter().map(|&v| v.into()).sum()
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    const __PERFATTR_BEST: bool = ::core::cfg!(
        all(target_feature = "cmpxchg16b", target_feature = "popcnt", target_feature =
        "avx2", target_feature = "bmi1", target_feature = "bmi2", target_feature =
        "f16c", target_feature = "fma", target_feature = "lzcnt", target_feature =
        "movbe")
    );
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::entry! {
        static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
        ::perfattr::__private::Entry { path : ::perfattr::__private::path!(), location :
        ::core::concat!(::core::file!(), ":", ::core::line!()), targets : &
        [::perfattr::__private::Target::new("v3", 208931091644428u128),
        ::perfattr::__private::Target::new("v2", 208924422701056u128)], slot :
        ::core::option::Option::None, compile_time :
        ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [], choice :
        ::perfattr::__private::Choice::new(), code : & [], patch :
        ::core::option::Option::None, };
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    const __PERFATTR_FALLBACK: usize = 2usize;
    #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
    const __PERFATTR_FALLBACK: usize = 0;
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    let mut __perfattr_index: usize = if __PERFATTR_BEST
        && ::perfattr::__private::compile_time_dispatch!()
    {
        0
    } else {
        __PERFATTR_ENTRY.cached()
    };
    #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
    let mut __perfattr_index: usize = 0;
    #[allow(unused_assignments)]
    loop {
        match __perfattr_index {
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            0usize => break unsafe { __perfattr_v3::<T>(values) },
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            1usize => break unsafe { __perfattr_v2::<T>(values) },
            __PERFATTR_FALLBACK => break __perfattr_fallback::<T>(values),
            #[cfg(any(any(target_arch = "x86", target_arch = "x86_64")))]
            _ => __perfattr_index = __PERFATTR_ENTRY.index(),
            #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
            _ => ::core::unreachable!(),
        }
    }
}
