//! FNV-1a: a fixed 64-bit hash, the same on every toolchain and run, for the names the macros
//! derive from tokens (link sections, counter-site identities).

pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
