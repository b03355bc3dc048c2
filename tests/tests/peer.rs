//! The `multiversion` crate's own test suite (0.9.2, its `tests/` directory: 12 files), translated
//! to perfattr as a user moving over would write it, one module per file. Each test runs its
//! calls on every level this CPU has (`for_each_level`). What perfattr refuses on purpose says
//! why here and has a ui case; what has no equivalent says so.
#![allow(dead_code, clippy::needless_lifetimes, clippy::unused_async)]

use perfattr::testing::for_each_level;

/// `async_fn.rs`: `#[multiversion]` on an `async fn` is refused (ui case
/// `multiversion-async-fn`): the clones' features would cover creating the future, not the code
/// that runs when it is polled. The translation multiversions the synchronous work.
mod async_fn {
    #[perfattr::multiversion(avx, sse, sve)]
    fn add(a: &mut [f32], b: &[f32]) {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
    }

    async fn async_add(a: &mut [f32], b: &[f32]) {
        add(a, b);
    }

    pub fn block_on<F: Future>(fut: F) -> F::Output {
        let mut fut = std::pin::pin!(fut);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match fut.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("future did not resolve immediately"),
        }
    }

    #[test]
    fn async_fn() {
        super::for_each_level(|_| {
            let mut a = vec![0f32, 2f32, 4f32];
            let b = vec![1f32, 1f32, 1f32];
            block_on(async_add(&mut a, &b));
            assert_eq!(a, vec![1f32, 3f32, 5f32]);
        });
    }
}

/// `attrs.rs`: `attrs(track_caller, inline(never))` puts attributes on the dispatcher only.
/// perfattr takes the function's own attributes; `#[track_caller]` is refused (ui case
/// `multiversion-track-caller`: `Location::caller()` would name the dispatcher).
mod attrs {
    #[perfattr::multiversion(avx)]
    #[inline(never)]
    fn inner_attrs() {}

    #[test]
    fn attrs() {
        super::for_each_level(|_| inner_attrs());
    }
}

/// `cfg.rs`: per-clone code.
mod cfg {
    use perfattr::{match_target, multiversion, target_cfg, target_cfg_attr};

    #[test]
    fn cfg() {
        #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
        fn foo() {
            #[target_cfg(all(target_arch = "x86_64", target_feature = "avx"))]
            fn test_avx(has_avx: bool) {
                assert!(has_avx);
            }

            #[target_cfg(not(all(target_arch = "x86_64", target_feature = "avx")))]
            fn test_avx(has_avx: bool) {
                assert!(!has_avx);
            }

            let has_avx = target_cfg!(all(target_arch = "x86_64", target_feature = "avx"));
            test_avx(has_avx);
        }

        super::for_each_level(|_| foo());
    }

    #[test]
    fn cfg_attr() {
        #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
        fn foo() {
            #[target_cfg_attr(all(target_arch = "x86_64", target_feature = "avx"), cfg(all()))]
            #[target_cfg_attr(not(all(target_arch = "x86_64", target_feature = "avx")), cfg(any()))]
            fn test_avx(has_avx: bool) {
                assert!(has_avx);
            }

            #[target_cfg_attr(all(target_arch = "x86_64", target_feature = "avx"), cfg(any()))]
            #[target_cfg_attr(not(all(target_arch = "x86_64", target_feature = "avx")), cfg(all()))]
            fn test_avx(has_avx: bool) {
                assert!(!has_avx);
            }

            let has_avx = target_cfg!(all(target_arch = "x86_64", target_feature = "avx"));
            test_avx(has_avx);
        }

        super::for_each_level(|_| foo());
    }

    #[test]
    fn cfg_f() {
        #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
        fn foo() {
            let cfg_avx = target_cfg!(all(target_arch = "x86_64", target_feature = "avx"));
            let match_avx = match_target! {
                "x86_64+avx" => true,
                _ => false,
            };
            assert_eq!(cfg_avx, match_avx);
            // `selected_target!().contains(AVX)`: the clone's features as `bool` constants.
            assert!(!cfg_avx || target_cfg!(target_feature = "avx"));
        }

        super::for_each_level(|_| foo());
    }

    #[test]
    fn match_target() {
        #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
        fn foo() {
            let match_avx = match_target! {
                "x86_64+avx" => true,
                "aarch64+sve" | "x86_64+sse" => false,
                _ => false,
            };

            let has_avx = target_cfg!(all(target_arch = "x86_64", target_feature = "avx"));

            assert_eq!(match_avx, has_avx);
        }

        super::for_each_level(|_| foo());
    }
}

/// `choose_dispatcher.rs`: `dispatcher = "default" | "static" | "direct" | "indirect"` has no
/// perfattr option (the dispatch-cost issue takes it up); every function here dispatches
/// perfattr's way: at compile time where the features are enabled, else a cached pointer.
mod choose_dispatcher {
    use perfattr::multiversion;

    #[multiversion(avx, sse, sve)]
    fn default_dispatch() {}

    #[multiversion(avx, sse, sve)]
    fn static_dispatch() {}

    #[multiversion(avx, sse, sve)]
    fn direct_dispatch() {}

    #[multiversion(avx, sse, sve)]
    fn indirect_dispatch() {}

    // x86_64 always has SSE: no run-time dispatch there.
    #[multiversion(sse)]
    fn skip_dispatch() {}

    // Standard AArch64 targets enable NEON: no run-time dispatch there.
    #[multiversion(neon)]
    fn skip_dispatch_2() {}

    #[test]
    fn dispatchers() {
        super::for_each_level(|_| {
            default_dispatch();
            static_dispatch();
            direct_dispatch();
            indirect_dispatch();
            skip_dispatch();
            skip_dispatch_2();
        });
    }
}

/// `clones.rs`: public, private and `unsafe` functions.
mod clones {
    use perfattr::multiversion;

    #[multiversion(avx, sse, sve)]
    pub fn pub_add(a: &mut [f32], b: &[f32]) {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
    }

    #[multiversion(avx, sse, sve)]
    fn priv_add(a: &mut [f32], b: &[f32]) {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
    }

    /// # Safety
    /// None needed: `unsafe` to test the shape.
    #[multiversion(avx, sse, sve)]
    pub unsafe fn pub_unsafe_add(a: &mut [f32], b: &[f32]) {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
    }

    #[multiversion(avx, sse, sve)]
    unsafe fn priv_unsafe_add(a: &mut [f32], b: &[f32]) {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
    }

    #[test]
    fn test_add() {
        super::for_each_level(|_| {
            let mut a = vec![0f32, 2f32, 4f32];
            let b = vec![1f32, 1f32, 1f32];
            pub_add(&mut a, &b);
            assert_eq!(a, vec![1f32, 3f32, 5f32]);
            priv_add(&mut a, &b);
            assert_eq!(a, vec![2f32, 4f32, 6f32]);
            // SAFETY: the functions have no precondition.
            unsafe {
                pub_unsafe_add(&mut a, &b);
            }
            assert_eq!(a, vec![3f32, 5f32, 7f32]);
            // SAFETY: as above.
            unsafe {
                priv_unsafe_add(&mut a, &b);
            }
            assert_eq!(a, vec![4f32, 6f32, 8f32]);
        });
    }
}

/// `destructure.rs`: patterns as parameters.
mod destructure {
    struct Foo {
        x: i64,
        y: i64,
    }

    #[perfattr::multiversion(avx, sve)]
    fn destructure_tuple((x, y): (i64, i64)) -> (i64, i64) {
        (x, y)
    }

    #[perfattr::multiversion(avx, sve)]
    fn destructure_struct(Foo { x, y }: Foo) -> (i64, i64) {
        (x, y)
    }

    #[perfattr::multiversion(avx, sve)]
    fn destructure_tuple_generic<T>((x, y): (T, T)) -> (T, T) {
        (x, y)
    }

    #[test]
    fn destructure() {
        super::for_each_level(|_| {
            assert_eq!(destructure_tuple((1, 2)), (1, 2));
            assert_eq!(destructure_struct(Foo { x: 1, y: 2 }), (1, 2));
            assert_eq!(destructure_tuple_generic((1i64, 2i64)), (1, 2));
        });
    }
}

/// `generics.rs`: lifetimes, bounds, const generics (`dispatcher = "indirect"` has no perfattr
/// option: the default dispatch).
mod generics {
    use perfattr::multiversion;

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn pass<'a>(x: &'a i32) -> &'a i32 {
        x
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn static_lifetime() -> &'static [u8] {
        "hello".as_bytes()
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn placeholder_lifetime(value: &'_ [u8]) -> usize {
        value.len()
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn bounded<'a: 'b, 'b>(value: &'a i32, _short: &'b ()) -> &'b i32 {
        value
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn where_bounded<'a, 'b>(value: &'a i32, _short: &'b ()) -> &'b i32
    where
        'a: 'b,
    {
        value
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn static_bounded<'a: 'static>(value: &'a i32) -> &'static i32 {
        value
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn type_bounded<'a>(value: &'a i32) -> &'a i32
    where
        &'a i32: Copy,
    {
        value
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn unbounded_indirect<'a>(value: &'a i32) -> &'a i32
    where
        i32: Copy,
    {
        value
    }

    #[multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn double<'a, T: Copy + std::ops::AddAssign, const N: usize>(x: &'a mut [T; N]) -> &'a mut T {
        assert!(!x.is_empty());
        for v in x.iter_mut() {
            *v += *v;
        }
        &mut x[0]
    }

    #[test]
    fn generics() {
        super::for_each_level(|_| {
            let mut x = [0u32, 2u32, 4u32];
            let mut y = [0u64, 2u64, 4u64];
            *double(&mut x) = 1;
            *double(&mut y) = 2;
            assert_eq!(x, [1u32, 4u32, 8u32]);
            assert_eq!(y, [2u64, 4u64, 8u64]);
        });
    }

    #[test]
    fn lifetimes() {
        super::for_each_level(|_| {
            let a = 42;
            assert_eq!(pass(&a), &a);
            assert_eq!(static_lifetime(), b"hello");
            assert_eq!(placeholder_lifetime(b"hello"), 5);
        });
    }

    #[test]
    fn bounded_lifetimes() {
        static STATIC_VALUE: i32 = 7;
        super::for_each_level(|_| {
            let value = 42;
            {
                let short = ();
                assert_eq!(bounded(&value, &short), &value);
                assert_eq!(where_bounded(&value, &short), &value);
            }
            assert_eq!(static_bounded(&STATIC_VALUE), &STATIC_VALUE);
            assert_eq!(type_bounded(&value), &value);
            assert_eq!(unbounded_indirect(&value), &value);
        });
    }
}

/// `helpers.rs`: the suggested SIMD width (`simd_width!`) and a nested helper with the clone's
/// features (`#[inherit_target]`).
mod helpers {
    #[perfattr::multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn foo() -> Option<usize> {
        const WIDTH: Option<usize> = perfattr::simd_width!(f32);

        #[perfattr::inherit_target]
        unsafe fn inherited() {}

        // SAFETY: `inherited` has no precondition.
        unsafe { inherited() };
        WIDTH
    }

    #[test]
    fn helpers() {
        super::for_each_level(|_| {
            let width = foo();
            assert!(width.is_none() || width >= Some(4), "{width:?}");
        });
    }
}

/// `hygiene.rs`: names the generated code must not capture or shadow. Two of its functions
/// list a target twice, which perfattr refuses (ui cases `multiversion-duplicate-target`,
/// `-duplicate-spelled-differently`): the translation lists each once, in the same priority.
mod hygiene {
    use perfattr::{multiversion, target_cfg};

    #[test]
    fn dispatcher_variable_names_in_parameters() {
        #[multiversion(avx, sve)]
        fn add(current_fn: u8, current_ptr: u8) -> u8 {
            current_fn + current_ptr
        }

        super::for_each_level(|_| {
            assert_eq!(add(10, 20), 30);
            assert_eq!(add(11, 21), 32);
        });
    }

    #[test]
    fn synthesized_parameter_names() {
        #[multiversion(avx, sve)]
        fn add((value,): (u8,), arg_0: u8) -> u8 {
            value + arg_0
        }

        super::for_each_level(|_| {
            assert_eq!(add((10,), 20), 30);
            assert_eq!(add((11,), 21), 32);
        });
    }

    #[test]
    fn atomic_type_names_in_signature() {
        struct Ordering(u8);
        struct AtomicPtr(Ordering);

        #[multiversion(avx, sve)]
        fn wrap(value: Ordering) -> AtomicPtr {
            AtomicPtr(value)
        }

        super::for_each_level(|_| {
            let AtomicPtr(Ordering(value)) = wrap(Ordering(42));
            assert_eq!(value, 42);
        });
    }

    #[test]
    fn shadowed_standard_library_paths() {
        mod core {}
        mod std {}

        #[multiversion(avx, sve)]
        fn direct() -> bool {
            target_cfg!(target_pointer_width = "64")
        }

        #[multiversion(avx, sve)]
        fn indirect() -> bool {
            target_cfg!(target_pointer_width = "64")
        }

        super::for_each_level(|_| {
            assert_eq!(direct(), ::core::cfg!(target_pointer_width = "64"));
            assert_eq!(indirect(), ::core::cfg!(target_pointer_width = "64"));
        });
    }

    #[test]
    fn shadowed_cfg_macro() {
        mod core {}
        #[allow(unused_macros)]
        macro_rules! cfg {
            ($($tokens:tt)*) => {
                compile_error!("resolved the caller's cfg macro")
            };
        }

        #[multiversion(avx, sve)]
        fn selected() -> bool {
            target_cfg!(target_pointer_width = "64")
        }

        super::for_each_level(|_| {
            assert_eq!(selected(), ::core::cfg!(target_pointer_width = "64"));
        });
    }

    #[multiversion(avx, sve)]
    fn r#type(value: u8) -> u8 {
        value + 1
    }

    // `targets("x86_64+avx+avx2", "aarch64+sve", "x86_64+avx2+avx+avx", "aarch64+sve")`: each
    // target once.
    #[multiversion(avx + avx2, sve)]
    fn duplicate_targets(value: u8) -> u8 {
        value + 1
    }

    #[test]
    fn names_and_duplicates() {
        super::for_each_level(|_| {
            assert_eq!(r#type(41), 42);
            assert_eq!(duplicate_targets(41), 42);
        });
    }

    // `targets("x86_64+avx2", "x86_64+avx", "x86_64+avx2")`: the repeat removed.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn duplicate_targets_preserve_priority() {
        #[multiversion(avx2, avx)]
        fn selected_avx2() -> bool {
            target_cfg!(target_feature = "avx2")
        }

        // Unforced, the best clone this process may use runs.
        let expected = perfattr::cpu::usable().contains("avx2");
        assert_eq!(perfattr::testing::unforced(selected_avx2), expected);
    }
}

/// `impl_trait.rs`: `impl Trait` in argument position.
mod impl_trait {
    #[perfattr::multiversion(avx2)]
    fn sum(input: impl AsRef<[i64]>) -> i64 {
        input.as_ref().iter().sum()
    }

    #[perfattr::multiversion(avx2)]
    fn sum_ref(input: &impl AsRef<[i64]>) -> i64 {
        input.as_ref().iter().sum()
    }

    #[test]
    fn impl_trait() {
        super::for_each_level(|_| {
            assert_eq!(sum([0, 1, 2, 3]), 6);
            assert_eq!(sum_ref(&[0, 1, 2, 3]), 6);
        });
    }
}

/// `safety.rs`: an `#[inherit_target]` helper and an `unsafe fn`, under each dispatcher of
/// `multiversion` (perfattr has one: the four tests are the same here).
mod safety {
    use perfattr::{inherit_target, multiversion};

    macro_rules! test_safety {
        ($name:ident) => {
            #[test]
            fn $name() {
                #[multiversion(avx, sve)]
                fn increment(value: u8) -> u8 {
                    #[inherit_target]
                    fn inner(value: u8) -> u8 {
                        value + 1
                    }

                    inner(value)
                }

                /// # Safety
                /// `value` points to a live, initialized `u8`.
                #[multiversion(avx, sve)]
                unsafe fn read(value: *const u8) -> u8 {
                    // SAFETY: the caller's contract.
                    unsafe { *value }
                }

                super::for_each_level(|_| {
                    let value = 41;
                    assert_eq!(increment(value), 42);
                    // SAFETY: value points to a live, initialized u8.
                    assert_eq!(unsafe { read(&value) }, value);
                });
            }
        };
    }

    test_safety!(default_dispatch);
    test_safety!(static_dispatch);
    test_safety!(direct_dispatch);
    test_safety!(indirect_dispatch);
}

/// `simd.rs`: `targets = "simd"` is perfattr's list of levels.
mod simd {
    #[perfattr::multiversion(v4, v3, v2, sve2 + fp16, sve + fp16)]
    fn simd() {}

    #[test]
    fn simd_levels() {
        super::for_each_level(|_| simd());
    }
}
