//! The browser layer's globals: `static`s, each in a [`Local`], instead of std's `thread_local!`.
//!
//! Why: the release wasm has no std (`#![no_std]`, see `src/lib.rs`), and std's
//! `LocalKey::with` brings a panic path ("cannot access a Thread Local Storage
//! value during or after destruction") that keeps `core::fmt` in the wasm.
//! Why it is sound: wasm32 without the `atomics` target feature has no shared
//! memory, so one instance is one thread and its statics are never reached from
//! another; a page's workers have instances and statics of their own. That is
//! the only case where [`Local`] is `Sync`; anywhere else `locals!` is std's
//! `thread_local!`. Borrowing rules stay the values' own (`RefCell`,
//! `LazyCell`). Like `thread_local!` on this target, the values are never dropped.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub struct Local<T>(T);

// SAFETY: wasm32 without atomics runs one thread per instance (module doc above).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for Local<T> {}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl<T> Local<T> {
    pub const fn new(value: T) -> Self {
        Local(value)
    }

    /// Runs `f` with the value, as `LocalKey::with` does.
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

/// `static NAME: T = const-expression;` items, as statics in [`Local`]s on wasm32 without
/// atomics and as std's `thread_local!` (const-initialised) anywhere else.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
macro_rules! locals {
    ($($(#[$attr:meta])* static $name:ident: $t:ty = $init:expr;)*) => {
        $($(#[$attr])* static $name: crate::web::local::Local<$t> = crate::web::local::Local::new($init);)*
    };
}

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
macro_rules! locals {
    ($($(#[$attr:meta])* static $name:ident: $t:ty = $init:expr;)*) => {
        std::thread_local! { $($(#[$attr])* static $name: $t = const { $init };)* }
    };
}

pub(crate) use locals;
