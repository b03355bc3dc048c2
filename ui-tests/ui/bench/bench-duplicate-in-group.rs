// The crate's function and a reference implementation share a group; naming the reference
// after the crate's function makes two benchmarks with one id.
#[perfattr::bench_this(args = [7], group = "count")]
fn naive(n: u32) -> u32 {
    n.count_ones()
}

#[perfattr::bench_this(args = [7], group = "count", name = "naive")]
fn reference(n: u32) -> u32 {
    (0..32).map(|bit| (n >> bit) & 1).sum()
}

fn main() {
    let _ = (naive(1), reference(1));
}
