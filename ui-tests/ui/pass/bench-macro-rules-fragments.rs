// #[bench_this] on functions produced by `macro_rules!`: the attribute itself as a `$m:meta`,
// the name as `$i:ident`, the types as `$t:ty`, the inputs as `$e:expr` (with `args` and with
// `input`), all warning-free.
#![deny(warnings, unused_qualifications)]

macro_rules! kernel {
    ($m:meta, $name:ident, $t:ty, $factor:expr) => {
        #[$m]
        fn $name(x: $t) -> $t {
            x.wrapping_mul($factor)
        }
    };
}

kernel!(perfattr::bench_this(args = [3]), triple_u32, u32, 3);
kernel!(perfattr::bench_this(input = || 5_u64), triple_u64, u64, 3);

macro_rules! rotate {
    ($name:ident, $t:ty, $arg:expr, $size:expr) => {
        #[perfattr::bench_this(args = [$arg])]
        fn $name(x: $t) -> $t {
            x.rotate_left(1)
        }

        #[perfattr::bench_this(input = |len| vec![$arg; len], sizes = [$size])]
        fn sum_of(values: &[$t]) -> $t {
            values.iter().copied().fold(0, <$t>::wrapping_add)
        }
    };
}

rotate!(rotate_u16, u16, 7, 64);

fn main() {
    assert_eq!(triple_u32(2) + u32::from(rotate_u16(1)), 8);
    assert_eq!(triple_u64(2), 6);
    assert_eq!(sum_of(&[1, 2]), 3);
}
