// `crate` takes a path.
#[perfattr::bench_this(crate = 42)]
fn build() -> Vec<u8> {
    vec![0; 64]
}

fn main() {
    assert_eq!(build().len(), 64);
}
