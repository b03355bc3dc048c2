#[perfattr::multiversion(avx2, sse4)]
fn evens(values: &[u32]) -> impl Iterator<Item = &u32> {
    values.iter().filter(|v| *v % 2 == 0)
}

fn main() {
    let _ = evens(&[1]).count();
}
