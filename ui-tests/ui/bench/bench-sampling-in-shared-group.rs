// The sampling options set a criterion group's sampling, which `group = "math"` shares.
#[perfattr::bench_this(args = [20], group = "math", sample_count = 20)]
fn square(n: u64) -> u64 {
    n * n
}

#[perfattr::bench_this(args = [20], group = "math")]
fn cube(n: u64) -> u64 {
    n * n * n
}

fn main() {
    let _ = square(2) + cube(2);
}
