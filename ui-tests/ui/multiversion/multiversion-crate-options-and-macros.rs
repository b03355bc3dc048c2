// `multiversion`'s `dispatcher`, `attrs(…)`, `selected_target!` and `target_cfg_f!`: each
// error says perfattr's way.
#[perfattr::multiversion(avx2, dispatcher = "indirect")]
fn a() {}

#[perfattr::multiversion(avx2, attrs(inline(never)))]
fn b() {}

#[perfattr::multiversion(avx2)]
fn c() -> bool {
    multiversion::target::selected_target!().supports_feature_str("avx")
}

#[perfattr::multiversion(avx2)]
fn d() -> bool {
    target_cfg_f!(target_feature = "avx")
}

fn main() {
    a();
    b();
    let _ = (c(), d());
}
