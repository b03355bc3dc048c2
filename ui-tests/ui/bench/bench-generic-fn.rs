#[perfattr::bench_this(args = [1, 2])]
fn double<T: std::ops::Add<Output = T> + Copy>(x: T) -> T {
    x + x
}

fn main() {
    let _ = double(1);
}
