#[perfattr::bench_this(iterations = 100)]
fn build() -> Vec<u8> {
    vec![0; 16]
}

fn main() {
    let _ = build();
}
