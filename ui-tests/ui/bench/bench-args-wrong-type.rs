#[perfattr::bench_this(args = [16, "sixteen"])]
fn fib(n: u32) -> u64 {
    u64::from(n)
}

fn main() {
    let _ = fib(3);
}
