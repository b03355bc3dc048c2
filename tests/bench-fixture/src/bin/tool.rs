//! A binary with a private benchmarked function: its benchmarks reach the bench target through
//! `bench_main!(…; mod tool = "../src/bin/tool.rs")`.

#[perfattr::bench_this(args = [1000])]
fn count_primes(limit: u32) -> usize {
    (2..limit)
        .filter(|&n| (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count()
}

fn main() {
    println!("{}", count_primes(100));
}
