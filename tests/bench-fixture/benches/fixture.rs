//! The one line a user writes: the library, and a binary's source.
perfattr::bench_main!(perfattr_bench_fixture; mod tool = "../src/bin/tool.rs");
