#[perfattr::multiversion(avx2)]
struct Buffer {
    data: Vec<u8>,
}

fn main() {
    let _ = Buffer { data: Vec::new() }.data;
}
