#[multiversion(avx2)]
impl Histogram {
    pub fn add_all(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(byte);
        }
    }

    fn add(&mut self, byte: u8) {
        self.counts[usize::from(byte)] += 1;
    }
}
