// `#[target_cfg_attr]` needs a predicate and at least one attribute.
#[perfattr::multiversion(avx2)]
fn lanes() -> usize {
    #[perfattr::target_cfg_attr(target_feature = "avx2")]
    const LANES: usize = 8;
    LANES
}

fn main() {
    let _ = lanes();
}
