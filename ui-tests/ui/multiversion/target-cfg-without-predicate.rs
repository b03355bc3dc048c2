// `#[target_cfg]` needs a `cfg` predicate.
#[perfattr::multiversion(avx2)]
fn lanes() -> usize {
    #[perfattr::target_cfg]
    let lanes = 8;
    lanes
}

fn main() {
    let _ = lanes();
}
