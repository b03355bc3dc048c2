#[perfattr::multiversion(avx2, sse4)]
#[track_caller]
fn checked(values: &[u32]) -> u32 {
    values.first().copied().expect("a value")
}

fn main() {
    let _ = checked(&[1]);
}
