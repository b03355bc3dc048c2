#[perfattr::bench_this(setup = Vec::<u8>::new(), args = [1])]
fn double(x: u32) -> u32 {
    x * 2
}

fn main() {
    let _ = double(1);
}
