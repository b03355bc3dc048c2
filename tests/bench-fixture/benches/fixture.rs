//! The one line a user writes: the library, and a binary's source; and the optional second,
//! which counts every benchmark's allocations per call.
perfattr::bench_main!(perfattr_bench_fixture; mod tool = "../src/bin/tool.rs");

#[global_allocator]
static ALLOC: perfattr::bench::CountingAllocator = perfattr::bench::CountingAllocator::system();
