// `multiversion`'s syntax with targets that collapse in perfattr's (the same features for two
// architectures, one listed twice, one an earlier one shadows) and its `targets = "simd"`: the
// suggested translation compiles as pasted (`ui/pass/multiversion-translations.rs`).
#[perfattr::multiversion(targets("x86_64+avx", "x86+avx", "x86_64+avx+avx2", "x86_64+avx2+avx+avx", "aarch64+sve", "x86_64"))]
fn add(a: &mut [f32], b: &[f32]) {
    a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
}

#[perfattr::multiversion(targets = "simd")]
fn simd() {}

fn main() {
    add(&mut [1.0], &[2.0]);
    simd();
}
