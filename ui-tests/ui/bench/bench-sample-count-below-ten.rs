// Criterion takes 10 samples at least.
#[perfattr::bench_this(args = [20], sample_count = 5)]
fn square(n: u64) -> u64 {
    n * n
}

fn main() {
    let _ = square(2);
}
