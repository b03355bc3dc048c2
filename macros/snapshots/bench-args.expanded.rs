#[allow(dead_code)]
fn fib(n: u32) -> u64 {
    ::perfattr::__private::if_bench! {
        const _ : () = {
        #[::perfattr::__private::linkme::distributed_slice(::perfattr::__private::bench::BENCHES)]
        #[linkme(crate = ::perfattr::__private::linkme)] static __PERFATTR_BENCH :
        ::perfattr::__private::bench::Registration =
        ::perfattr::__private::bench::Registration { path :
        ::perfattr::__private::path!(), location : ::core::concat!(::core::file!(), ":",
        ::core::line!()), group : ::core::option::Option::None, name : "fib", run :
        __perfattr_bench, compare : ::core::option::Option::None, probe :
        __perfattr_probe, }; #[allow(clippy::unit_arg,
        clippy::semicolon_if_nothing_returned, clippy::let_unit_value,
        clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_bench(group : & mut ::perfattr::__private::bench::BenchmarkGroup <
        '_, ::perfattr::__private::bench::WallTime >) { { let n : u32 = 16; group
        .bench_function(::perfattr::__private::bench::BenchmarkId::from_parameter("16"),
        | bencher | { bencher.iter_custom(| iters | { let start =
        ::std::time::Instant::now(); for _ in 0..iters { let n =
        ::core::hint::black_box(n); let _ = ::core::hint::black_box({ fib(n) }); } start
        .elapsed() }); }); } { let n : u32 = 24; group
        .bench_function(::perfattr::__private::bench::BenchmarkId::from_parameter("24"),
        | bencher | { bencher.iter_custom(| iters | { let start =
        ::std::time::Instant::now(); for _ in 0..iters { let n =
        ::core::hint::black_box(n); let _ = ::core::hint::black_box({ fib(n) }); } start
        .elapsed() }); }); } } #[allow(clippy::unit_arg,
        clippy::semicolon_if_nothing_returned, clippy::let_unit_value,
        clippy::cast_possible_truncation, clippy::redundant_closure_call, unused_unsafe)]
        fn __perfattr_probe(probe : & mut ::perfattr::__private::bench::Probe < '_ >) { {
        let n : u32 = 16; probe.case(::core::option::Option::Some("16"),
        ::std::boxed::Box::new(| iters : u64 | { let span =
        ::perfattr::__private::bench::Span::start(); for _ in 0..iters { let n =
        ::core::hint::black_box(n); let _ = ::core::hint::black_box({ fib(n) }); }
        ::core::option::Option::Some(span.end()) })); } { let n : u32 = 24; probe
        .case(::core::option::Option::Some("24"), ::std::boxed::Box::new(| iters : u64 |
        { let span = ::perfattr::__private::bench::Span::start(); for _ in 0..iters { let
        n = ::core::hint::black_box(n); let _ = ::core::hint::black_box({ fib(n) }); }
        ::core::option::Option::Some(span.end()) })); } } };
    }
    if n < 2 { u64::from(n) } else { fib(n - 1) + fib(n - 2) }
}
