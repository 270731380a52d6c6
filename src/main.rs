//! The `baton` command.

// A build allocates and frees millions of small strings and vectors from two threads; glibc's
// allocator spent a fifth of `baton check` in malloc, free and consolidation. mimalloc's
// thread-local free lists make the same work markedly cheaper (figures in the commit message).
// It is built without transparent huge pages (Cargo.toml: `no_thp`): on Linux's default
// `madvise` setting they made page faults compact memory, and now and then a check spent two
// seconds in the kernel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of the bundled mimalloc 3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Memory freed is returned to the system after 10 ms rather than a second: loading drops
    // each file's text as the base grows, and with mimalloc 3's delay the texts' pages were still
    // resident when the base peaked (~35 MB of a check's peak at 10,000 handoffs). At 0 ms every
    // free costs a system call (half a second of system time at 10,000); 10 ms keeps it cheap.
    // SAFETY: called first thing in main, before any other thread exists (the setter is not
    // thread-safe); it only changes a setting.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
    baton_kb::cli::main()
}

#[cfg(test)]
mod tests {
    /// The setting's place is a number in mimalloc's C header: if an update moved it, this reads
    /// another option's default (mimalloc 3 sets purge_delay to 1000, arena_eager_commit before
    /// it to 2, use_numa_nodes after it to 0).
    #[test]
    fn the_purge_delay_option_is_where_mimalloc_has_it() {
        // SAFETY: reading a setting.
        let read = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!((read(4), read(super::PURGE_DELAY), read(16)), (2, 1000, 0));
    }
}
