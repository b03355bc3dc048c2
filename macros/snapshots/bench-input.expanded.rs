#[allow(dead_code)]
pub fn checksum(data: &[u8]) -> u32 {
    ::perfattr::__private::if_bench! {
        const _ : () = {
        #[::perfattr::__private::linkme::distributed_slice(::perfattr::__private::bench::BENCHES)]
        #[linkme(crate = ::perfattr::__private::linkme)] static __PERFATTR_BENCH :
        ::perfattr::__private::bench::Registration =
        ::perfattr::__private::bench::Registration { path :
        ::perfattr::__private::path!(), location : ::core::concat!(::core::file!(), ":",
        ::core::line!()), group : ::core::option::Option::None, name : "checksum", run :
        __perfattr_bench, compare : ::core::option::Option::None, probe :
        __perfattr_probe, }; #[allow(clippy::unit_arg,
        clippy::semicolon_if_nothing_returned, clippy::let_unit_value,
        clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_bench(group : & mut ::perfattr::__private::bench::BenchmarkGroup <
        '_, ::perfattr::__private::bench::WallTime >) { { let __perfattr_input = (| len |
        vec![7_u8; len]) (64); let data : & [u8] = & __perfattr_input; let __perfattr_len
        = data.len(); if __perfattr_len > 0 { group
        .throughput(::perfattr::__private::bench::Throughput::Bytes((__perfattr_len) as
        u64)); } group
        .bench_function(::perfattr::__private::bench::BenchmarkId::from_parameter("64"),
        | bencher | { bencher.iter_custom(| iters | { let start =
        ::std::time::Instant::now(); for _ in 0..iters { let data =
        ::core::hint::black_box(data); let _ = ::core::hint::black_box({ checksum(data)
        }); } start.elapsed() }); }); } { let __perfattr_input = (| len | vec![7_u8;
        len]) (4096); let data : & [u8] = & __perfattr_input; let __perfattr_len = data
        .len(); if __perfattr_len > 0 { group
        .throughput(::perfattr::__private::bench::Throughput::Bytes((__perfattr_len) as
        u64)); } group
        .bench_function(::perfattr::__private::bench::BenchmarkId::from_parameter("4096"),
        | bencher | { bencher.iter_custom(| iters | { let start =
        ::std::time::Instant::now(); for _ in 0..iters { let data =
        ::core::hint::black_box(data); let _ = ::core::hint::black_box({ checksum(data)
        }); } start.elapsed() }); }); } } #[allow(clippy::unit_arg,
        clippy::semicolon_if_nothing_returned, clippy::let_unit_value,
        clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_probe(probe : & mut ::perfattr::__private::bench::Probe < '_ >) { {
        let __perfattr_input = (| len | vec![7_u8; len]) (64); let data : & [u8] = &
        __perfattr_input; probe.case(::core::option::Option::Some("64"),
        ::std::boxed::Box::new(| iters : u64 | { let span =
        ::perfattr::__private::bench::Span::start(); for _ in 0..iters { let data =
        ::core::hint::black_box(data); let _ = ::core::hint::black_box({ checksum(data)
        }); } ::core::option::Option::Some(span.end()) })); } { let __perfattr_input = (|
        len | vec![7_u8; len]) (4096); let data : & [u8] = & __perfattr_input; probe
        .case(::core::option::Option::Some("4096"), ::std::boxed::Box::new(| iters : u64
        | { let span = ::perfattr::__private::bench::Span::start(); for _ in 0..iters {
        let data = ::core::hint::black_box(data); let _ = ::core::hint::black_box({
        checksum(data) }); } ::core::option::Option::Some(span.end()) })); } } };
    }
    data.iter().map(|&b| u32::from(b)).sum()
}
