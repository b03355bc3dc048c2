#[perfattr::bench_this(args = [1], input = || 2)]
fn double(x: u32) -> u32 {
    x * 2
}

fn main() {
    let _ = double(1);
}
