unsafe extern "C" {
    #[perfattr::hot]
    safe fn abs(x: i32) -> i32;
}

fn main() {
    let _ = abs(-1);
}
