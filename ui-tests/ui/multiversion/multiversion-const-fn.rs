#[perfattr::multiversion(avx2, sse4)]
const fn double(x: u32) -> u32 {
    x * 2
}

fn main() {
    let _ = double(1);
}
