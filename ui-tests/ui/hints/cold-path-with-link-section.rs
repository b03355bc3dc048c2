#[perfattr::cold_path]
#[unsafe(link_section = ".text.mine")]
fn report(x: u32) -> u32 {
    x
}

fn main() {
    let _ = report(1);
}
