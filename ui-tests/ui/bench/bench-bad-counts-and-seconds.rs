// Counts are positive integers, times positive numbers of seconds.
#[perfattr::bench_this(args = [20], threads = [0, 2])]
fn square(n: u64) -> u64 {
    n * n
}

#[perfattr::bench_this(args = [20], sample_size = "8")]
fn cube(n: u64) -> u64 {
    n * n * n
}

#[perfattr::bench_this(args = [20], min_time = -1)]
fn double(n: u64) -> u64 {
    n * 2
}

fn main() {
    let _ = square(2) + cube(2) + double(2);
}
