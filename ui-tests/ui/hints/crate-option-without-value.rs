// `crate` is `crate = path`, not a bare word.
#[perfattr::cold_path(crate)]
fn parse(x: u32) -> u32 {
    x
}

fn main() {
    let _ = parse(1);
}
