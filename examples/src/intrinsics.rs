//! Explicit SIMD in a multiversioned function: AVX-512 intrinsics in the `v4` clone, AVX2
//! intrinsics in the `v3` clone, scalar code elsewhere, each part compiled only into the clones
//! whose features allow it (`#[perfattr::target_cfg]`). Inside a clone, the intrinsics that take
//! no pointer are safe calls (Rust's target-feature rules); only the loads are `unsafe`.
//!
//! The same byte count written to auto-vectorize is `kernels::count_byte`;
//! `cargo bench -p perfattr-examples --bench kernels -- count_byte` measures both at every
//! level this CPU has, side by side.

/// How many bytes of `haystack` equal `needle`.
#[perfattr::multiversion(v4, v3)]
#[must_use]
#[allow(
    clippy::naive_bytecount,
    reason = "the scalar tail and fallback are the byte count"
)]
pub fn count_byte_simd(haystack: &[u8], needle: u8) -> usize {
    // 64 bytes a step, one mask register compare, a popcount of the 64-bit mask.
    #[perfattr::target_cfg(target_feature = "avx512bw")]
    let (counted, rest) = {
        use core::arch::x86_64::{__m512i, _mm512_cmpeq_epi8_mask, _mm512_set1_epi8};
        let wanted = _mm512_set1_epi8(needle.cast_signed());
        let (blocks, rest) = haystack.as_chunks::<64>();
        let mut counted = 0;
        for block in blocks {
            // SAFETY: `block` is 64 readable bytes; the load is unaligned.
            let bytes = unsafe { core::ptr::read_unaligned(block.as_ptr().cast::<__m512i>()) };
            counted += _mm512_cmpeq_epi8_mask(bytes, wanted).count_ones() as usize;
        }
        (counted, rest)
    };
    // 32 bytes a step, a compare and a movemask.
    #[perfattr::target_cfg(all(target_feature = "avx2", not(target_feature = "avx512bw")))]
    let (counted, rest) = {
        use core::arch::x86_64::{
            __m256i, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_set1_epi8,
        };
        let wanted = _mm256_set1_epi8(needle.cast_signed());
        let (blocks, rest) = haystack.as_chunks::<32>();
        let mut counted = 0;
        for block in blocks {
            // SAFETY: `block` is 32 readable bytes; the load is unaligned.
            let bytes = unsafe { core::ptr::read_unaligned(block.as_ptr().cast::<__m256i>()) };
            let equal = _mm256_cmpeq_epi8(bytes, wanted);
            counted += _mm256_movemask_epi8(equal).count_ones() as usize;
        }
        (counted, rest)
    };
    #[perfattr::target_cfg(not(target_feature = "avx2"))]
    let (counted, rest) = (0, haystack);
    counted + rest.iter().filter(|&&byte| byte == needle).count()
}

/// Which code path `count_byte_simd` took on this clone: `"avx512"`, `"avx2"` or `"scalar"`,
/// with the clone's name; what the tests check every clone against.
#[perfattr::multiversion(v4, v3)]
#[must_use]
pub fn count_byte_path() -> (&'static str, &'static str) {
    let path = if perfattr::target_cfg!(target_feature = "avx512bw") {
        "avx512"
    } else if perfattr::target_cfg!(target_feature = "avx2") {
        "avx2"
    } else {
        "scalar"
    };
    (perfattr::selected!(), path)
}
