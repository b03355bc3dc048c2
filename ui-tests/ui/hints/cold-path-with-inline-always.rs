#[perfattr::cold_path]
#[inline(always)]
fn report(x: u32) -> u32 {
    x
}

fn main() {
    let _ = report(1);
}
