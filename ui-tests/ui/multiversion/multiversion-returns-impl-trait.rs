// `impl Trait` nested in the return type: the dispatcher cannot return it for every clone.
#[perfattr::multiversion(avx2, sse4)]
fn labels(n: u32) -> Vec<impl std::fmt::Display> {
    (0..n).collect()
}

fn main() {
    assert_eq!(labels(2).len(), 2);
}
