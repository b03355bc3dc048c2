pub mod kernels {
    #[inline]
    #[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
    pub fn sum_squares(values: &[f32]) -> f32 {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_BEST: bool = ::core::cfg!(all(target_feature = "avx2"));
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::entry! {
            static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
            ::perfattr::__private::Entry { path : ::perfattr::__private::path!(),
            location : ::core::concat!(::core::file!(), ":", ::core::line!()), targets :
            & [::perfattr::__private::Target::new("avx2", 208907209277452u128),
            ::perfattr::__private::Target::new("sse4", 208907209277440u128)], slot :
            ::core::option::Option::Some(& __PERFATTR_SLOT), compile_time :
            ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [],
            choice : ::perfattr::__private::Choice::new(), code :
            ::perfattr::__private::code!(unsafe fn (& [f32]) -> f32;
            __perfattr_avx2::sum_squares, __perfattr_sse4::sum_squares,
            __perfattr_fallback::sum_squares), patch : ::core::option::Option::None, };
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        static __PERFATTR_SLOT: ::perfattr::__private::Slot = ::perfattr::__private::Slot::new(
            __perfattr_resolve as *mut (),
        );
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        fn __perfattr_resolve(values: &[f32]) -> f32 {
            let epoch = ::perfattr::__private::epoch();
            let clones: [unsafe fn(&[f32]) -> f32; 3usize] = [
                __perfattr_avx2::sum_squares,
                __perfattr_sse4::sum_squares,
                __perfattr_fallback::sum_squares,
            ];
            let clone = clones[__PERFATTR_ENTRY.select()];
            unsafe { __PERFATTR_SLOT.set(clone as *mut (), epoch) }
            unsafe { clone(values) }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        let __perfattr_clone: unsafe fn(&[f32]) -> f32 = if __PERFATTR_BEST
            && ::perfattr::__private::compile_time_dispatch!()
        {
            __perfattr_avx2::sum_squares
        } else {
            unsafe {
                ::core::mem::transmute::<
                    *mut (),
                    unsafe fn(&[f32]) -> f32,
                >(__PERFATTR_SLOT.get())
            }
        };
        #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
        let __perfattr_clone: unsafe fn(&[f32]) -> f32 = __perfattr_fallback::sum_squares;
        unsafe { __perfattr_clone(values) }
    }
    #[inline]
    #[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
    #[allow(dead_code)]
    fn chunk(values: &[f32]) -> f32 {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_BEST: bool = ::core::cfg!(all(target_feature = "avx2"));
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::entry! {
            static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
            ::perfattr::__private::Entry { path : ::perfattr::__private::path!(),
            location : ::core::concat!(::core::file!(), ":", ::core::line!()), targets :
            & [::perfattr::__private::Target::new("avx2", 208907209277452u128),
            ::perfattr::__private::Target::new("sse4", 208907209277440u128)], slot :
            ::core::option::Option::Some(& __PERFATTR_SLOT), compile_time :
            ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [],
            choice : ::perfattr::__private::Choice::new(), code :
            ::perfattr::__private::code!(unsafe fn (& [f32]) -> f32;
            __perfattr_avx2::chunk, __perfattr_sse4::chunk, __perfattr_fallback::chunk),
            patch : ::core::option::Option::None, };
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        static __PERFATTR_SLOT: ::perfattr::__private::Slot = ::perfattr::__private::Slot::new(
            __perfattr_resolve as *mut (),
        );
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        fn __perfattr_resolve(values: &[f32]) -> f32 {
            let epoch = ::perfattr::__private::epoch();
            let clones: [unsafe fn(&[f32]) -> f32; 3usize] = [
                __perfattr_avx2::chunk,
                __perfattr_sse4::chunk,
                __perfattr_fallback::chunk,
            ];
            let clone = clones[__PERFATTR_ENTRY.select()];
            unsafe { __PERFATTR_SLOT.set(clone as *mut (), epoch) }
            unsafe { clone(values) }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        let __perfattr_clone: unsafe fn(&[f32]) -> f32 = if __PERFATTR_BEST
            && ::perfattr::__private::compile_time_dispatch!()
        {
            __perfattr_avx2::chunk
        } else {
            unsafe {
                ::core::mem::transmute::<
                    *mut (),
                    unsafe fn(&[f32]) -> f32,
                >(__PERFATTR_SLOT.get())
            }
        };
        #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
        let __perfattr_clone: unsafe fn(&[f32]) -> f32 = __perfattr_fallback::chunk;
        unsafe { __perfattr_clone(values) }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[doc(hidden)]
    mod __perfattr_avx2 {
        #[allow(unused_imports)]
        use super::*;
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::target_fn! {
            () #[target_feature(enable = "avx2")] #[inline]
            #[allow(clippy::missing_const_for_fn)] pub (super) fn sum_squares(values : &
            [f32]) -> f32 { ::perfattr::__private::site! { clone : "sum_squares" for
            "avx2" id 1u64 } values.chunks(8).map(| __perfattr_arg0 |
            __perfattr_inline_chunk(__perfattr_arg0)).sum() }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::target_fn! {
            () #[target_feature(enable = "avx2")] #[inline]
            #[allow(clippy::missing_const_for_fn)] pub (super) fn chunk(values : & [f32])
            -> f32 { ::perfattr::__private::site! { clone : "chunk" for "avx2" id 2u64 }
            values.iter().map(| v | v * v).sum() }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        #[inline(always)]
        #[allow(clippy::inline_always)]
        #[allow(clippy::missing_const_for_fn)]
        fn __perfattr_inline_chunk(values: &[f32]) -> f32 {
            values.iter().map(|v| v * v).sum()
        }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[doc(hidden)]
    mod __perfattr_sse4 {
        #[allow(unused_imports)]
        use super::*;
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::target_fn! {
            () #[target_feature(enable = "sse4.2")] #[inline]
            #[allow(clippy::missing_const_for_fn)] pub (super) fn sum_squares(values : &
            [f32]) -> f32 { ::perfattr::__private::site! { clone : "sum_squares" for
            "sse4" id 3u64 } values.chunks(8).map(| __perfattr_arg0 |
            __perfattr_inline_chunk(__perfattr_arg0)).sum() }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::target_fn! {
            () #[target_feature(enable = "sse4.2")] #[inline]
            #[allow(clippy::missing_const_for_fn)] pub (super) fn chunk(values : & [f32])
            -> f32 { ::perfattr::__private::site! { clone : "chunk" for "sse4" id 4u64 }
            values.iter().map(| v | v * v).sum() }
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        #[inline(always)]
        #[allow(clippy::inline_always)]
        #[allow(clippy::missing_const_for_fn)]
        fn __perfattr_inline_chunk(values: &[f32]) -> f32 {
            values.iter().map(|v| v * v).sum()
        }
    }
    #[doc(hidden)]
    mod __perfattr_fallback {
        #[allow(unused_imports)]
        use super::*;
        #[inline]
        #[allow(clippy::missing_const_for_fn)]
        pub(super) fn sum_squares(values: &[f32]) -> f32 {
            ::perfattr::__private::site! {
                clone : "sum_squares" for "fallback" id 5u64
            }
            values
                .chunks(8)
                .map(|__perfattr_arg0| __perfattr_inline_chunk(__perfattr_arg0))
                .sum()
        }
        #[inline]
        #[allow(clippy::missing_const_for_fn)]
        pub(super) fn chunk(values: &[f32]) -> f32 {
            ::perfattr::__private::site! {
                clone : "chunk" for "fallback" id 6u64
            }
            values.iter().map(|v| v * v).sum()
        }
        #[inline(always)]
        #[allow(clippy::inline_always)]
        #[allow(clippy::missing_const_for_fn)]
        fn __perfattr_inline_chunk(values: &[f32]) -> f32 {
            values.iter().map(|v| v * v).sum()
        }
    }
}
