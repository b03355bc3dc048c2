#[perfattr::bench_this(args = [1, 2])]
fn build() -> Vec<u8> {
    vec![0; 16]
}

fn main() {
    let _ = build();
}
