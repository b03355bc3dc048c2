#[perfattr::bench_this(types = [u8, u64], args = [3])]
fn square(x: u64) -> u64 {
    x * x
}

fn main() {
    let _ = square(2);
}
