// A free-list allocator a tenth the size of the default one; the panel allocates little.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: the panel runs on the browser's main thread only; wasm32-unknown-unknown without
// atomics has no other thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

// The loader starts the panel: the standalone page and consoles alike call the library's
// `mount` export. Naming it here links the library in, and its exports with it.
fn main() {
    std::hint::black_box(rds_panel::embed::mount as fn(_, _) -> _);
}
