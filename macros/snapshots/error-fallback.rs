#[hot(inline = sometimes)]
fn f(x: Option<u32>) -> u32 {
    match x {
        Some(x) => x,
        #[cold_path]
        None => 0,
    }
}
