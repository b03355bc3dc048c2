// Independent mistakes are all reported in one build.
#[perfattr::hot(inline = sometimes, speed = 11)]
#[inline(never)]
fn parse(input: Option<u32>) -> u32 {
    match input {
        Some(x) => x,
        #[cold_path(rare)]
        None => 0,
    }
}

fn main() {
    let _ = parse(Some(1));
}
