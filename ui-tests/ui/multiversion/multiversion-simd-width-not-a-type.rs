// `simd_width!` takes an element type.
#[perfattr::multiversion(avx2)]
fn lanes() -> Option<usize> {
    perfattr::simd_width!(4 + 4)
}

fn main() {
    let _ = lanes();
}
