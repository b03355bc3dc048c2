// `match_target!`, `simd_width!` and `#[inherit_target]` are decided per clone: outside a
// multiversioned function there is none.
fn bits() -> u32 {
    perfattr::match_target! {
        "avx2" => 256,
        _ => 128,
    }
}

fn lanes() -> Option<usize> {
    perfattr::simd_width!(f32)
}

#[perfattr::inherit_target]
fn helper() {}

fn main() {
    let _ = (bits(), lanes());
    helper();
}
