#[inline]
#[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
pub fn dot<T: Copy + Into<f32>>(a: &[T], b: &[T]) -> f32 {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "avx2,fma")] #[inline] fn __perfattr_avx2_fma < T :
        Copy + Into < f32 > > (a : & [T], b : & [T]) -> f32 {
        ::perfattr::__private::site! { clone : "dot" for "avx2+fma" id 1u64 } a.iter()
        .zip(b).map(| (& x, & y) | x.into() * y.into()).sum() }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "sse4.2")] #[inline] fn __perfattr_sse4 < T : Copy +
        Into < f32 > > (a : & [T], b : & [T]) -> f32 { ::perfattr::__private::site! {
        clone : "dot" for "sse4" id 2u64 } a.iter().zip(b).map(| (& x, & y) | x.into() *
        y.into()).sum() }
    }
    #[inline]
    fn __perfattr_fallback<T: Copy + Into<f32>>(a: &[T], b: &[T]) -> f32 {
        ::perfattr::__private::site! {
            clone : "dot" for "fallback" id 3u64
        }
        a.iter().zip(b).map(|(&x, &y)| x.into() * y.into()).sum()
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    const __PERFATTR_BEST: bool = ::core::cfg!(
        all(target_feature = "avx2", target_feature = "fma")
    );
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::entry! {
        static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
        ::perfattr::__private::Entry { path : ::perfattr::__private::path!(), location :
        ::core::concat!(::core::file!(), ":", ::core::line!()), targets : &
        [::perfattr::__private::Target::new("avx2+fma", 208907343495180u128),
        ::perfattr::__private::Target::new("sse4", 208907209277440u128)], slot :
        ::core::option::Option::None, compile_time :
        ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [], choice :
        ::perfattr::__private::Choice::new(), code : & [], patch :
        ::perfattr::__private::patch_of!(__PERFATTR_PATCH), };
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::patch_keys!(
        __PERFATTR_PATCH; __PERFATTR_PENDING; __PERFATTR_KEY_0, __PERFATTR_KEY_1
    );
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    return if __PERFATTR_BEST && ::perfattr::__private::compile_time_dispatch!() {
        unsafe { __perfattr_avx2_fma::<T>(a, b) }
    } else {
        ::perfattr::__private::patched!(
            { __PERFATTR_KEY_0 => unsafe { __perfattr_avx2_fma:: < T > (a, b) },
            __PERFATTR_KEY_1 => unsafe { __perfattr_sse4:: < T > (a, b) } }
            __PERFATTR_PENDING => match __PERFATTR_ENTRY.index() { 0usize => unsafe {
            __perfattr_avx2_fma:: < T > (a, b) }, 1usize => unsafe { __perfattr_sse4:: <
            T > (a, b) }, _ => __perfattr_fallback:: < T > (a, b), }, fallback =>
            __perfattr_fallback:: < T > (a, b)
        )
    };
    #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
    return __perfattr_fallback::<T>(a, b);
}
