// The translations perfattr's error suggests for `multiversion`'s syntax compile as pasted
// (`ui/multiversion/multiversion-crate-syntax-repeated-and-simd.rs`).
#[perfattr::multiversion(avx, sve)]
fn add(a: &mut [f32], b: &[f32]) {
    a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
}

#[perfattr::multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
fn simd() {}

fn main() {
    let mut a = [1.0];
    add(&mut a, &[2.0]);
    assert!((a[0] - 3.0_f32).abs() < f32::EPSILON);
    simd();
}
