// `count` takes `false` (or `true`, the default), not a bare flag.
#[perfattr::hot(count)]
fn parse(x: u32) -> u32 {
    x
}

fn main() {
    let _ = parse(1);
}
