//! The global allocator of namestd's binaries (`namestd`, `namestd-server`), benchmarks and
//! examples: [mimalloc](https://github.com/microsoft/mimalloc), called through its plain
//! entry points whenever the requested alignment is one mimalloc always gives.
//!
//! The `mimalloc` crate's own `GlobalAlloc` passes every request to `mi_malloc_aligned`,
//! even for alignment 1 (every `String`). mimalloc's aligned entry takes its fast path only
//! for word or 16-byte alignment, so a `String` goes through the general aligned allocation:
//! about 300 instructions more per standardized name (about 17 allocations each), measured
//! with callgrind on the pipeline's NBER corpus (143.1 M → 139.4 M for 12,367 names).
//! Every block `mi_malloc` returns is aligned to at least the machine word, so requests
//! needing no more than that go to `mi_malloc`, `mi_zalloc` and `mi_realloc`; larger
//! alignments keep the aligned entry points.
//!
//! ```
//! #[global_allocator]
//! static ALLOC: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;
//! ```
#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as mi;

/// The largest alignment every block of `mi_malloc` has: the machine word
/// (`MI_INTPTR_SIZE` in mimalloc; mimalloc's own aligned fast path relies on the same).
const PLAIN_ALIGN: usize = core::mem::size_of::<usize>();

/// mimalloc as a [`GlobalAlloc`], without the aligned entry points for ordinary alignments.
#[derive(Debug, Clone, Copy, Default)]
pub struct MiMalloc;

// SAFETY: every method forwards to mimalloc, which returns blocks of at least the requested
// size or null. Blocks from `mi_malloc`/`mi_zalloc`/`mi_realloc` are aligned to at least
// `PLAIN_ALIGN`, so they are used only when `layout.align() <= PLAIN_ALIGN`; otherwise the
// aligned variants are called with the layout's alignment. `mi_free` frees blocks from any
// of these functions. `realloc` keeps the block's alignment (same layout alignment in and out).
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_malloc(layout.size()).cast()
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_zalloc(layout.size()).cast()
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alignment from 1 to 4,096 and a range of sizes: the block is aligned, writable,
    /// zeroed when asked, and keeps its bytes through growing and shrinking.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = MiMalloc;
        let mut align = 1;
        while align <= 4096 {
            for size in [1usize, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 100, 1000, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layouts have a non-zero size; each block is freed once with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    for i in 0..size {
                        p.add(i).write(i as u8);
                    }
                    let grown = a.realloc(p, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown: size {size} align {align}");
                    assert!((0..size).all(|i| grown.add(i).read() == i as u8));
                    let shrunk = a.realloc(grown, Layout::from_size_align(size * 3, align).unwrap(), size.div_ceil(2));
                    assert_eq!(shrunk as usize % align, 0, "shrunk: size {size} align {align}");
                    assert!((0..size.div_ceil(2)).all(|i| shrunk.add(i).read() == i as u8));
                    a.dealloc(shrunk, Layout::from_size_align(size.div_ceil(2), align).unwrap());

                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed: size {size} align {align}");
                    assert!((0..size).all(|i| z.add(i).read() == 0));
                    a.dealloc(z, layout);
                }
            }
            align *= 2;
        }
    }
}
