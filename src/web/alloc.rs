//! The wasm build's allocator: power-of-two size classes, one free list per class.
//!
//! Why not std's dlmalloc: it is several KB of code that every visitor downloads
//! (measured in docs/size-log.md), for a program that allocates a few hundred small strings.
//! Why this one is enough: a freed block goes back to its class's list and is
//! reused by the next allocation of that class, so memory stays bounded by the
//! peak of what is live per class (at most twice its size, rounded up), however
//! long the page lives and however often observers and handlers allocate.
//! `dealloc` gets the layout, so blocks carry no header. wasm32 without atomics
//! has one thread, hence plain cells.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::memory_grow;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;
/// Class `k` holds blocks of `1 << k` bytes; the smallest holds a free-list link.
const MIN_CLASS: u32 = 3;

struct Heap {
    /// Head of each class's free list (0 when empty); each free block starts with the next one's address.
    free: [usize; 32],
    /// Unused memory `next..end`, taken from the top as classes run out of free blocks.
    next: usize,
    end: usize,
}

struct Classes(UnsafeCell<Heap>);

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
unsafe impl Sync for Classes {}

#[global_allocator]
static HEAP: Classes = Classes(UnsafeCell::new(Heap { free: [0; 32], next: 0, end: 0 }));

/// The class of a layout: the smallest power of two holding its size and its alignment.
/// None (so the allocation fails) for an alignment above a page, which blocks cannot promise.
fn class(layout: Layout) -> Option<u32> {
    if layout.align() > PAGE {
        return None;
    }
    let size = layout.size().max(layout.align()).checked_next_power_of_two()?;
    Some(size.trailing_zeros().max(MIN_CLASS))
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let heap = &mut *self.0.get();
        let Some(k) = class(layout) else { return null_mut() };
        let Some(head) = heap.free.get_mut(k as usize) else { return null_mut() };
        if *head != 0 {
            let block = *head;
            *head = *(block as *const usize);
            return block as *mut u8;
        }
        let size = 1usize << k;
        // Blocks are aligned to their size (up to a page), so any later layout of the class fits.
        let align = size.min(PAGE);
        loop {
            let start = (heap.next + align - 1) & !(align - 1);
            if start + size <= heap.end {
                heap.next = start + size;
                return start as *mut u8;
            }
            let pages = size / PAGE + 1;
            let old = memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            if old * PAGE != heap.end {
                heap.next = old * PAGE;
            }
            heap.end = (old + pages) * PAGE;
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let heap = &mut *self.0.get();
        if let Some(head) = class(layout).and_then(|k| heap.free.get_mut(k as usize)) {
            *(ptr as *mut usize) = *head;
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(layout) == class(new_layout) {
            return ptr;
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
