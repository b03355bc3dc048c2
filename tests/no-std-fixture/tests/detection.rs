//! The no_std build's detection agrees with std's; its functions work.

#[cfg(target_arch = "x86_64")]
#[test]
fn no_std_detection_agrees_with_std() {
    let detected = perfattr_no_std_fixture::detected();
    for (name, std) in [
        ("sse4.2", std::arch::is_x86_feature_detected!("sse4.2")),
        ("popcnt", std::arch::is_x86_feature_detected!("popcnt")),
        ("avx", std::arch::is_x86_feature_detected!("avx")),
        ("avx2", std::arch::is_x86_feature_detected!("avx2")),
        ("fma", std::arch::is_x86_feature_detected!("fma")),
        ("bmi2", std::arch::is_x86_feature_detected!("bmi2")),
        ("avx512f", std::arch::is_x86_feature_detected!("avx512f")),
    ] {
        assert_eq!(detected.contains(name), std, "{name}");
    }
}

#[test]
fn no_std_functions_work() {
    assert_eq!(perfattr_no_std_fixture::sum(&[1, 2, 3]), 6);
    assert_eq!(perfattr_no_std_fixture::halve(8), Some(4));
    assert_eq!(perfattr_no_std_fixture::halve(7), None);
}
