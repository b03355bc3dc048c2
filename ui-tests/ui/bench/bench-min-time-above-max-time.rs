#[perfattr::bench_this(args = [20], min_time = 3, max_time = 1.5)]
fn square(n: u64) -> u64 {
    n * n
}

fn main() {
    let _ = square(2);
}
