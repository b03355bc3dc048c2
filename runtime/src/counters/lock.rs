//! The counter registry's lock: a spin lock rather than `std::sync::Mutex`, so that `fork` can
//! take it first and release it after, in the parent and in the child. A child forked while
//! another thread held a mutex would wait for that thread forever: its first count, a report
//! or the exit report would hang. (The registry is held for a push, a removal or one sum.)

use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::AtomicBool;
use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};

pub struct Lock<T> {
    held: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through a `Guard`, and one exists at a time (`held`).
unsafe impl<T: Send> Sync for Lock<T> {}

impl<T> Lock<T> {
    pub const fn new(value: T) -> Lock<T> {
        Lock {
            held: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> Guard<'_, T> {
        self.acquire();
        Guard(self)
    }

    fn acquire(&self) {
        let mut spins = 0_u32;
        while self.held.swap(true, Acquire) {
            while self.held.load(Relaxed) {
                if spins < 100 {
                    spins += 1;
                    core::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
        }
    }

    fn release(&self) {
        self.held.store(false, Release);
    }
}

pub struct Guard<'l, T>(&'l Lock<T>);

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock.
        unsafe { &*self.0.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard holds the lock, and is borrowed mutably.
        unsafe { &mut *self.0.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// Makes `fork` take `lock` before it forks and release it after, in both processes: the child
/// then finds the registry whole and free. Once (`installed`); a no-op where there is no `fork`.
pub fn release_at_fork(lock: &'static Lock<impl Send>, installed: &AtomicBool) {
    #[cfg(unix)]
    at_fork::install(&lock.held, installed);
    #[cfg(not(unix))]
    let _ = (lock, installed);
}

#[cfg(unix)]
mod at_fork {
    use core::sync::atomic::Ordering::{Acquire, Release, SeqCst};
    use core::sync::atomic::{AtomicBool, AtomicPtr};

    // SAFETY: POSIX's `pthread_atfork`, with its signature; the handlers touch one atomic.
    unsafe extern "C" {
        safe fn pthread_atfork(
            prepare: Option<extern "C" fn()>,
            parent: Option<extern "C" fn()>,
            child: Option<extern "C" fn()>,
        ) -> core::ffi::c_int;
    }

    /// The lock's flag: the handlers take no argument.
    static HELD: AtomicPtr<AtomicBool> = AtomicPtr::new(core::ptr::null_mut());

    pub fn install(held: &'static AtomicBool, installed: &AtomicBool) {
        if installed.swap(true, SeqCst) {
            return;
        }
        HELD.store(core::ptr::from_ref(held).cast_mut(), SeqCst);
        pthread_atfork(Some(prepare), Some(release), Some(release));
    }

    extern "C" fn prepare() {
        // SAFETY: set to a static before the handlers were registered.
        let held = unsafe { &*HELD.load(SeqCst) };
        while held.swap(true, Acquire) {
            std::thread::yield_now();
        }
    }

    extern "C" fn release() {
        // SAFETY: as in `prepare`.
        unsafe { &*HELD.load(SeqCst) }.store(false, Release);
    }
}
