//! Kernels written to vectorize at each clone's full width, multiversioned for AVX-512 with the
//! extensions they profit from (`vpopcntq`, VNNI's `vpdpwssd`), the x86-64 levels v4, v3 and v2,
//! and the portable fallback.
//!
//! The floating-point kernels keep [`LANES`] separate accumulators in a fixed order and fold
//! them pairwise, so every clone (SSE2, SSE4, AVX2 or AVX-512 code) returns bit-identical
//! results; `poly_f32` uses `f32::mul_add`, a fused multiply-add in every clone (one
//! instruction where FMA exists, a call to the C library's `fmaf` in the fallback).

/// Lanes per accumulator block: 64 f32 are four independent AVX-512 registers (eight AVX ones),
/// so the additions are not one long dependency chain at any width.
const LANES: usize = 64;

/// The coefficients of `poly_f32`'s polynomial, lowest degree first.
const POLY: [f32; 4] = [0.5, -1.25, 0.75, 0.125];

#[perfattr::multiversion(v4 + avx512vpopcntdq + avx512vnni, v4, v3, v2)]
mod clones {
    use super::{LANES, POLY};

    /// The sum of `values`. At 48 Ki values (about 1 µs with AVX-512) it is the kernel of
    /// `scripts/clone-stability.sh`.
    #[perfattr::bench_this(input = |len| super::inputs(len).0, sizes = [4096, 49152])]
    pub fn sum_f32(values: &[f32]) -> f32 {
        let mut lanes = [0.0_f32; LANES];
        let (chunks, tail) = values.as_chunks::<LANES>();
        for chunk in chunks {
            for (lane, value) in lanes.iter_mut().zip(chunk) {
                *lane += value;
            }
        }
        fold(lanes) + tail.iter().sum::<f32>()
    }

    /// The dot product of `a` and `b` (the shorter length).
    #[perfattr::bench_this(
        input = |len| { let (a, b, ..) = super::inputs(len); (a, b) },
        sizes = [4096],
        throughput = bytes(a.len() * 8)
    )]
    pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        let len = a.len().min(b.len());
        let (a_chunks, a_tail) = a[..len].as_chunks::<LANES>();
        let (b_chunks, b_tail) = b[..len].as_chunks::<LANES>();
        let mut lanes = [0.0_f32; LANES];
        for (x, y) in a_chunks.iter().zip(b_chunks) {
            for ((lane, x), y) in lanes.iter_mut().zip(x).zip(y) {
                *lane += x * y;
            }
        }
        fold(lanes) + a_tail.iter().zip(b_tail).map(|(x, y)| x * y).sum::<f32>()
    }

    /// The sum of a cubic polynomial over `values`, each term by fused multiply-adds.
    #[perfattr::bench_this(input = |len| super::inputs(len).0, sizes = [4096])]
    pub fn poly_f32(values: &[f32]) -> f32 {
        let term = |x: f32| {
            POLY[3]
                .mul_add(x, POLY[2])
                .mul_add(x, POLY[1])
                .mul_add(x, POLY[0])
        };
        let mut lanes = [0.0_f32; LANES];
        let (chunks, tail) = values.as_chunks::<LANES>();
        for chunk in chunks {
            for (lane, &x) in lanes.iter_mut().zip(chunk) {
                *lane += term(x);
            }
        }
        fold(lanes) + tail.iter().map(|&x| term(x)).sum::<f32>()
    }

    /// The dot product of two `i16` vectors (the shorter length), in `i32`, wrapping. LLVM
    /// turns the reduction into `pmaddwd` at each clone's width; it does not form VNNI's
    /// `vpdpwssd` from portable code (the accumulation it builds is wider than the products),
    /// so the VNNI clone runs the same instructions as v4.
    #[perfattr::bench_this(input = |len| super::inputs(len).4, sizes = [4096], throughput = bytes(a.len() * 4))]
    pub fn dot_i16(a: &[i16], b: &[i16]) -> i32 {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| i32::from(x) * i32::from(y))
            .fold(0_i32, i32::wrapping_add)
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

pub use clones::{dot_f32, dot_i16, poly_f32, popcount, sum_f32};

/// How many bytes of `haystack` equal `needle`.
///
/// Not in the module's AVX-512 targets: LLVM compiles the byte compare at 512 bits into a mask
/// register and moves the mask back into a vector (`vpcmpeqb` to `k`, `vpmovm2b`, `vpsubb`),
/// two port-5 instructions per 64 bytes on Intel server cores, where AVX2's compare and
/// subtract (`vpcmpeqb`, `vpsubb` on `ymm`) spread over three ports: the v4 clone ran 1.5-1.7x
/// the v3 clone's time on an Intel Xeon (Emerald Rapids), slower than the fallback. So it stops
/// at v3, and no CPU gets a clone slower than the one below it.
#[perfattr::multiversion(v3, v2)]
#[perfattr::bench_this(input = |len| (inputs(len).2, 7_u8), sizes = [4096], throughput = bytes(haystack.len()))]
#[allow(clippy::naive_bytecount, reason = "the kernel is the byte count")]
pub fn count_byte(haystack: &[u8], needle: u8) -> usize {
    // Count in u8 lanes, widening every 255 blocks before they can overflow. A block is 128
    // bytes, four independent AVX2 accumulators (eight SSE2 ones): with 64-byte blocks every
    // clone ran one compare-and-subtract pair per iteration, and only a build tuned for the CPU
    // (`-C target-cpu=znver3`) unrolled it, twice as fast on AMD Zen 3.
    let (blocks, tail) = haystack.as_chunks::<128>();
    let mut total = tail.iter().filter(|&&byte| byte == needle).count();
    for group in blocks.chunks(255) {
        let mut lanes = [0_u8; 128];
        for block in group {
            for (lane, &byte) in lanes.iter_mut().zip(block) {
                *lane += u8::from(byte == needle);
            }
        }
        total += lanes.iter().map(|&lane| usize::from(lane)).sum::<usize>();
    }
    total
}

/// A kernel behind a trait.
pub trait Energy {
    /// The sum of the squares, bit-identical on every clone.
    fn energy(&self) -> f32;
}

/// Samples whose [`Energy`] is computed at each clone's full width.
pub struct Samples(pub Vec<f32>);

impl Energy for Samples {
    /// One method of a trait impl, multiversioned on its own: each target's trampoline, nested
    /// in the method, runs the body with the target's features (`scripts/emulated-cpus.sh`
    /// reads their machine code: ymm in v3, zmm in v4). A method's dispatch is a feature-set
    /// branch, not a function pointer.
    #[perfattr::multiversion(v4 + avx512vpopcntdq + avx512vnni, v4, v3, v2)]
    fn energy(&self) -> f32 {
        let mut lanes = [0.0_f32; LANES];
        let (chunks, tail) = self.0.as_chunks::<LANES>();
        for chunk in chunks {
            for (lane, value) in lanes.iter_mut().zip(chunk) {
                *lane += value * value;
            }
        }
        let mut width = LANES / 2;
        while width > 0 {
            for i in 0..width {
                lanes[i] += lanes[i + width];
            }
            width /= 2;
        }
        lanes[0] + tail.iter().map(|value| value * value).sum::<f32>()
    }
}

/// Deterministic inputs for the kernels, `len` elements of each kind: two `f32` vectors, bytes
/// (0 to 15), words, and two `i16` vectors.
#[must_use]
#[allow(clippy::type_complexity, reason = "one tuple of every kernel's input")]
pub fn inputs(len: usize) -> (Vec<f32>, Vec<f32>, Vec<u8>, Vec<u64>, (Vec<i16>, Vec<i16>)) {
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
    let shorts = |next: &mut dyn FnMut() -> u64| {
        (0..len)
            .map(|_| i16::from_le_bytes([next().to_le_bytes()[0], next().to_le_bytes()[1]]))
            .collect()
    };
    let pair = (shorts(&mut next), shorts(&mut next));
    (a, b, bytes, words, pair)
}

/// Every kernel's result on [`inputs`], bit for bit: equal across clones and CPUs.
#[must_use]
pub fn checksum(len: usize) -> [u64; 7] {
    let (a, b, bytes, words, shorts) = inputs(len);
    let energy = Samples(a.clone()).energy();
    [
        u64::from(sum_f32(&a).to_bits()),
        u64::from(dot_f32(&a, &b).to_bits()),
        u64::from(poly_f32(&a).to_bits()),
        u64::from(dot_i16(&shorts.0, &shorts.1).cast_unsigned()),
        count_byte(&bytes, 7) as u64,
        popcount(&words),
        u64::from(energy.to_bits()),
    ]
}
