//! Explicit SIMD in a multiversioned function: AVX-512 intrinsics in the `v4` clone, AVX2
//! intrinsics in the `v3` clone, portable code elsewhere, each part compiled only into the clones
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
    // 32 bytes a step: a compare gives -1 per equal byte, subtracted into 32 byte counters,
    // summed (`vpsadbw`) every 255 steps before they can overflow.
    #[perfattr::target_cfg(all(target_feature = "avx2", not(target_feature = "avx512bw")))]
    let (counted, rest) = {
        use core::arch::x86_64::{
            __m256i, _mm256_cmpeq_epi8, _mm256_extract_epi64, _mm256_sad_epu8, _mm256_set1_epi8,
            _mm256_setzero_si256, _mm256_sub_epi8,
        };
        let wanted = _mm256_set1_epi8(needle.cast_signed());
        let (blocks, rest) = haystack.as_chunks::<32>();
        let mut counted = 0;
        for group in blocks.chunks(255) {
            let mut counters = _mm256_setzero_si256();
            for block in group {
                // SAFETY: `block` is 32 readable bytes; the load is unaligned.
                let bytes = unsafe { core::ptr::read_unaligned(block.as_ptr().cast::<__m256i>()) };
                counters = _mm256_sub_epi8(counters, _mm256_cmpeq_epi8(bytes, wanted));
            }
            let sums = _mm256_sad_epu8(counters, _mm256_setzero_si256());
            let lanes = [
                _mm256_extract_epi64::<0>(sums),
                _mm256_extract_epi64::<1>(sums),
                _mm256_extract_epi64::<2>(sums),
                _mm256_extract_epi64::<3>(sums),
            ];
            let in_group: u64 = lanes.iter().map(|&lane| lane.cast_unsigned()).sum();
            counted += usize::try_from(in_group).unwrap_or(usize::MAX);
        }
        (counted, rest)
    };
    // Portable code elsewhere, written so the compiler vectorizes it with what the build has
    // (SSE2 on any x86-64): byte counters, widened every 255 blocks.
    #[perfattr::target_cfg(not(target_feature = "avx2"))]
    let (counted, rest) = {
        let (blocks, rest) = haystack.as_chunks::<64>();
        let mut counted = 0;
        for group in blocks.chunks(255) {
            let mut lanes = [0_u8; 64];
            for block in group {
                for (lane, &byte) in lanes.iter_mut().zip(block) {
                    *lane += u8::from(byte == needle);
                }
            }
            counted += lanes.iter().map(|&lane| usize::from(lane)).sum::<usize>();
        }
        (counted, rest)
    };
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
