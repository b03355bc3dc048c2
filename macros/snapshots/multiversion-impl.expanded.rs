impl Histogram {
    #[inline]
    #[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
    pub fn add_all(&mut self, bytes: &[u8]) {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_BEST: bool = ::core::cfg!(all(target_feature = "avx2"));
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::entry! {
            static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
            ::perfattr::__private::Entry { path : ::perfattr::__private::path!(),
            location : ::core::concat!(::core::file!(), ":", ::core::line!()), targets :
            & [::perfattr::__private::Target::new("avx2", 208907209277452u128)], slot :
            ::core::option::Option::None, compile_time :
            ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [],
            choice : ::perfattr::__private::Choice::new(), code : & [], patch :
            ::core::option::Option::None, };
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_FALLBACK: usize = 1usize;
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
                0usize => break unsafe { Self::__perfattr_7add_all_avx2(self, bytes) },
                __PERFATTR_FALLBACK => {
                    break Self::__perfattr_7add_all_fallback(self, bytes);
                }
                #[cfg(any(any(target_arch = "x86", target_arch = "x86_64")))]
                _ => __perfattr_index = __PERFATTR_ENTRY.index(),
                #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
                _ => ::core::unreachable!(),
            }
        }
    }
    #[inline]
    #[allow(clippy::missing_const_for_fn, clippy::used_underscore_binding)]
    #[allow(dead_code)]
    fn add(&mut self, byte: u8) {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_BEST: bool = ::core::cfg!(all(target_feature = "avx2"));
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        ::perfattr::__private::entry! {
            static __PERFATTR_ENTRY : ::perfattr::__private::Entry =
            ::perfattr::__private::Entry { path : ::perfattr::__private::path!(),
            location : ::core::concat!(::core::file!(), ":", ::core::line!()), targets :
            & [::perfattr::__private::Target::new("avx2", 208907209277452u128)], slot :
            ::core::option::Option::None, compile_time :
            ::perfattr::__private::Entry::best_if(__PERFATTR_BEST), profile : & [],
            choice : ::perfattr::__private::Choice::new(), code : & [], patch :
            ::core::option::Option::None, };
        }
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        const __PERFATTR_FALLBACK: usize = 1usize;
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
                0usize => break unsafe { Self::__perfattr_3add_avx2(self, byte) },
                __PERFATTR_FALLBACK => break Self::__perfattr_3add_fallback(self, byte),
                #[cfg(any(any(target_arch = "x86", target_arch = "x86_64")))]
                _ => __perfattr_index = __PERFATTR_ENTRY.index(),
                #[cfg(not(any(any(target_arch = "x86", target_arch = "x86_64"))))]
                _ => ::core::unreachable!(),
            }
        }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        unsafe () #[target_feature(enable = "avx2")] #[inline]
        #[allow(clippy::missing_const_for_fn)] #[doc(hidden)]
        #[allow(clippy::unused_self)] fn __perfattr_7add_all_avx2(& mut self, bytes : &
        [u8]) { ::perfattr::__private::site! { clone : "add_all" for "avx2" id 1u64 } for
        & byte in bytes { self.__perfattr_3add_avx2_inline(byte); } }
    }
    #[inline]
    #[allow(clippy::missing_const_for_fn)]
    #[doc(hidden)]
    #[allow(clippy::unused_self)]
    fn __perfattr_7add_all_fallback(&mut self, bytes: &[u8]) {
        ::perfattr::__private::site! {
            clone : "add_all" for "fallback" id 2u64
        }
        for &byte in bytes {
            self.__perfattr_3add_fallback_inline(byte);
        }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    ::perfattr::__private::target_fn! {
        unsafe () #[target_feature(enable = "avx2")] #[inline]
        #[allow(clippy::missing_const_for_fn)] #[doc(hidden)]
        #[allow(clippy::unused_self)] fn __perfattr_3add_avx2(& mut self, byte : u8) {
        ::perfattr::__private::site! { clone : "add" for "avx2" id 3u64 } self
        .counts[usize::from(byte)] += 1; }
    }
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    #[inline(always)]
    #[allow(clippy::inline_always)]
    #[allow(clippy::missing_const_for_fn)]
    #[doc(hidden)]
    #[allow(clippy::unused_self)]
    fn __perfattr_3add_avx2_inline(&mut self, byte: u8) {
        self.counts[usize::from(byte)] += 1;
    }
    #[inline]
    #[allow(clippy::missing_const_for_fn)]
    #[doc(hidden)]
    #[allow(clippy::unused_self)]
    fn __perfattr_3add_fallback(&mut self, byte: u8) {
        ::perfattr::__private::site! {
            clone : "add" for "fallback" id 4u64
        }
        self.counts[usize::from(byte)] += 1;
    }
    #[inline(always)]
    #[allow(clippy::inline_always)]
    #[allow(clippy::missing_const_for_fn)]
    #[doc(hidden)]
    #[allow(clippy::unused_self)]
    fn __perfattr_3add_fallback_inline(&mut self, byte: u8) {
        self.counts[usize::from(byte)] += 1;
    }
}
