#[perfattr::bench_this(consts = [])]
fn zeros<const N: usize>() -> [u8; N] {
    [0; N]
}

fn main() {
    let _ = zeros::<4>();
}
