// `perfattr::cold!` marks the branch it starts; it takes no arguments.
fn parse(b: u8) -> u8 {
    if b == 0 {
        perfattr::cold!("rare");
        return 1;
    }
    b
}

fn main() {
    let _ = parse(0);
}
