// An `async fn` in a multiversioned `impl` (or `mod`) is refused, as on its own: it used to be
// left out of dispatch without a word.
pub struct Reader;

#[perfattr::multiversion(avx2, sse4)]
impl Reader {
    pub fn sum(&self, values: &[u32]) -> u32 {
        values.iter().sum()
    }

    pub async fn fetch(&self) -> u32 {
        7
    }
}

#[perfattr::multiversion(avx2, sse4)]
mod kernels {
    pub async fn load() -> u32 {
        1
    }
}

fn main() {
    let _ = Reader.sum(&[1]);
}
