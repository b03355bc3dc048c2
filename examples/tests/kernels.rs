//! Every clone of every kernel returns the same bits as the fallback.

use perfattr::testing::{for_each_level, with_target};
use perfattr_examples::kernels;

#[test]
fn every_clone_matches_the_fallback_bit_for_bit() {
    for len in [0, 1, 7, 8, 9, 1000, 4099] {
        let expected = with_target("fallback", || kernels::checksum(len));
        for_each_level(|level| assert_eq!(kernels::checksum(len), expected, "{level}, len {len}"));
    }
}

#[test]
fn kernels_compute_what_they_say() {
    assert!((kernels::sum_f32(&[1.0, 2.0, 3.5]) - 6.5).abs() < f32::EPSILON);
    assert!(
        (kernels::dot_f32(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0, 7.0]) - 32.0).abs() < f32::EPSILON
    );
    assert_eq!(kernels::count_byte(&[7; 600], 7), 600);
    assert_eq!(kernels::count_byte(b"abcabc", b'c'), 2);
    assert_eq!(kernels::popcount(&[u64::MAX, 1, 0]), 65);
    assert_eq!(kernels::dot_i16(&[1, -2, 300], &[4, 5, 100, 9]), 29_994);
    // Two products of 2^30 wrap to i32::MIN, four to 0.
    assert_eq!(kernels::dot_i16(&[i16::MIN; 2], &[i16::MIN; 2]), i32::MIN);
    assert_eq!(kernels::dot_i16(&[i16::MIN; 4], &[i16::MIN; 4]), 0);
    // 0.5 - 1.25 x + 0.75 x^2 + 0.125 x^3 at 0, 1 and 2.
    assert!((kernels::poly_f32(&[0.0, 1.0, 2.0]) - (0.5 + 0.125 + 2.0)).abs() < 1e-6);
}
