#[perfattr::bench_this(args = [(2, 10), 3])]
fn pow(base: u64, exp: u32) -> u64 {
    base.pow(exp)
}

fn main() {
    let _ = pow(2, 3);
}
