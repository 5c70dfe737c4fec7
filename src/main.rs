// A two-level segregated-fit allocator: every allocation and free takes constant time, where
// a plain free list (lol_alloc's, 0.2 KB smaller) walks the list, and at a thousand sources
// spent half of each render there. `Small`: no in-place growth and no merging of grown
// memory, which the panel does not need (0.3 KB smaller than rlsf's default).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

// The loader starts the panel: the standalone page and consoles alike call the library's
// `mount` export. Naming it here links the library in, and its exports with it.
fn main() {
    std::hint::black_box(rds_panel::embed::mount as fn(_, _) -> _);
}
