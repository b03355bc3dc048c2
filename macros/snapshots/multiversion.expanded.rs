#[inline]
#[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "avx2,fma")] #[inline] fn __perfattr_avx2_fma(a : &
        [f32], b : & [f32]) -> f32 { ::perfattr::__private::site! { clone : "dot" for
        "avx2+fma" id 1u64 } a.iter().zip(b).map(| (x, y) | x * y).sum() }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        () #[target_feature(enable = "sse4.2")] #[inline] fn __perfattr_sse4(a : & [f32],
        b : & [f32]) -> f32 { ::perfattr::__private::site! { clone : "dot" for "sse4" id
        2u64 } a.iter().zip(b).map(| (x, y) | x * y).sum() }
    }
    #[inline]
    fn __perfattr_fallback(a: &[f32], b: &[f32]) -> f32 {
        ::perfattr::__private::site! {
            clone : "dot" for "fallback" id 3u64
        }
        a.iter().zip(b).map(|(x, y)| x * y).sum()
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
        ::core::option::Option::Some(& __PERFATTR_SLOT), compile_time :
        ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [], choice :
        ::perfattr::__private::Choice::new(), code : ::perfattr::__private::code!(unsafe
        fn (& [f32], & [f32]) -> f32; __perfattr_avx2_fma, __perfattr_sse4,
        __perfattr_fallback), patch : ::core::option::Option::None, };
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    static __PERFATTR_SLOT: ::perfattr::__private::Slot = ::perfattr::__private::Slot::new(
        __perfattr_resolve as *mut (),
    );
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    fn __perfattr_resolve(a: &[f32], b: &[f32]) -> f32 {
        let epoch = ::perfattr::__private::epoch();
        let clones: [unsafe fn(&[f32], &[f32]) -> f32; 3usize] = [
            __perfattr_avx2_fma,
            __perfattr_sse4,
            __perfattr_fallback,
        ];
        let clone = clones[__PERFATTR_ENTRY.select()];
        unsafe { __PERFATTR_SLOT.set(clone as *mut (), epoch) }
        unsafe { clone(a, b) }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    let __perfattr_clone: unsafe fn(&[f32], &[f32]) -> f32 = if __PERFATTR_BEST
        && ::perfattr::__private::compile_time_dispatch!()
    {
        __perfattr_avx2_fma
    } else {
        unsafe {
            ::core::mem::transmute::<
                *mut (),
                unsafe fn(&[f32], &[f32]) -> f32,
            >(__PERFATTR_SLOT.get())
        }
    };
    #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
    let __perfattr_clone: unsafe fn(&[f32], &[f32]) -> f32 = __perfattr_fallback;
    unsafe { __perfattr_clone(a, b) }
}
