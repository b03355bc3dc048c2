//! Kernels written to vectorize, multiversioned for the x86-64 levels v3 (AVX2, FMA, BMI)
//! and v2 (SSE4.2, POPCNT), with the portable fallback below them.
//!
//! Floating-point kernels keep 32 separate accumulators in a fixed order, so every clone
//! (SSE2, SSE4 or AVX2 code) returns bit-identical results.

/// Lanes per accumulator block: 32 f32 are four independent AVX registers (eight SSE ones),
/// so the additions are not one long dependency chain.
const LANES: usize = 32;

#[perfattr::multiversion(v3, v2)]
mod clones {
    use super::LANES;

    /// The sum of `values`.
    #[perfattr::bench_this(input = |len| super::inputs(len).0, sizes = [4096])]
    pub fn sum_f32(values: &[f32]) -> f32 {
        let mut lanes = [0.0_f32; LANES];
        let (chunks, tail) = values.as_chunks::<LANES>();
        for chunk in chunks {
            for i in 0..LANES {
                lanes[i] += chunk[i];
            }
        }
        fold(lanes) + tail.iter().sum::<f32>()
    }

    /// The dot product of `a` and `b` (the shorter length).
    pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        let len = a.len().min(b.len());
        let (a_chunks, a_tail) = a[..len].as_chunks::<LANES>();
        let (b_chunks, b_tail) = b[..len].as_chunks::<LANES>();
        let mut lanes = [0.0_f32; LANES];
        for (x, y) in a_chunks.iter().zip(b_chunks) {
            for i in 0..LANES {
                lanes[i] += x[i] * y[i];
            }
        }
        fold(lanes) + a_tail.iter().zip(b_tail).map(|(x, y)| x * y).sum::<f32>()
    }

    /// How many bytes of `haystack` equal `needle`.
    #[allow(clippy::naive_bytecount, reason = "the kernel is the byte count")]
    pub fn count_byte(haystack: &[u8], needle: u8) -> usize {
        // Count in u8 lanes, widening every 255 blocks before they can overflow.
        let (blocks, tail) = haystack.as_chunks::<32>();
        let mut total = tail.iter().filter(|&&byte| byte == needle).count();
        for group in blocks.chunks(255) {
            let mut lanes = [0_u8; 32];
            for block in group {
                for i in 0..32 {
                    lanes[i] += u8::from(block[i] == needle);
                }
            }
            total += lanes.iter().map(|&lane| usize::from(lane)).sum::<usize>();
        }
        total
    }

    /// The number of set bits in `words`.
    #[perfattr::bench_this(input = |len| super::inputs(len).3, sizes = [4096])]
    pub fn popcount(words: &[u64]) -> u64 {
        words.iter().map(|word| u64::from(word.count_ones())).sum()
    }

    /// Pairwise, in a fixed order: the same bits on every clone.
    fn fold(mut lanes: [f32; LANES]) -> f32 {
        let mut width = LANES / 2;
        while width > 0 {
            for i in 0..width {
                lanes[i] += lanes[i + width];
            }
            width /= 2;
        }
        lanes[0]
    }
}

pub use clones::{count_byte, dot_f32, popcount, sum_f32};

/// Deterministic inputs for the kernels: `len` elements of each kind.
#[must_use]
pub fn inputs(len: usize) -> (Vec<f32>, Vec<f32>, Vec<u8>, Vec<u64>) {
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    #[allow(clippy::cast_precision_loss, reason = "inputs only need to vary")]
    let floats =
        |next: &mut dyn FnMut() -> u64| (0..len).map(|_| (next() % 1000) as f32 / 100.0).collect();
    let a = floats(&mut next);
    let b = floats(&mut next);
    let bytes = (0..len).map(|_| next().to_le_bytes()[0] % 16).collect();
    let words = (0..len).map(|_| next()).collect();
    (a, b, bytes, words)
}

/// Every kernel's result on [`inputs`], bit for bit: equal across clones and CPUs.
#[must_use]
pub fn checksum(len: usize) -> [u64; 4] {
    let (a, b, bytes, words) = inputs(len);
    [
        u64::from(sum_f32(&a).to_bits()),
        u64::from(dot_f32(&a, &b).to_bits()),
        count_byte(&bytes, 7) as u64,
        popcount(&words),
    ]
}
