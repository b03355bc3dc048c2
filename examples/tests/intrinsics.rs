//! The explicit-SIMD byte count: every clone counts right, and each clone compiled the code
//! path its features allow (`#[target_cfg]`, `target_cfg!`, `selected!`).

use perfattr::testing::for_each_level;
use perfattr_examples::intrinsics::{count_byte_path, count_byte_simd};

/// The path a clone must have taken: the one its `#[target_feature]` allows (a crate-wide
/// `-C target-feature` does not count, as Rust does not let intrinsics rely on it).
fn expected_path(clone: &str) -> &'static str {
    let avx512 = clone == "v4";
    let avx2 = avx512 || clone == "v3";
    if avx512 {
        "avx512"
    } else if avx2 {
        "avx2"
    } else {
        "scalar"
    }
}

#[test]
fn every_clone_counts_the_same_bytes() {
    let haystack: Vec<u8> = (0..4099_u32).map(|i| (i * 7 % 13) as u8).collect();
    for len in [0, 1, 31, 32, 33, 63, 64, 65, 1000, 4099] {
        let slice = &haystack[..len];
        let expected = slice.iter().fold(0, |n, &b| n + usize::from(b == 7));
        for_each_level(|level| {
            assert_eq!(count_byte_simd(slice, 7), expected, "{level}, len {len}");
        });
    }
    assert_eq!(count_byte_simd(&[0xFF; 200], 0xFF), 200);
}

#[test]
fn each_clone_takes_the_path_its_features_allow() {
    let mut seen = Vec::new();
    for_each_level(|level| {
        let (clone, path) = count_byte_path();
        assert_eq!(path, expected_path(clone), "{level}: clone {clone}");
        seen.push(clone);
    });
    // The fallback is always a level; `v4` and `v3` wherever the CPU (and PERFATTR_DISABLE)
    // make them one.
    assert!(seen.contains(&"fallback"), "{seen:?}");
    for level in perfattr::testing::levels() {
        for clone in ["v4", "v3"] {
            if level.name == clone {
                assert!(seen.contains(&clone), "{seen:?}");
            }
        }
    }
}
