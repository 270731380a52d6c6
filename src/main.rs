//! The `baton` command.

// A build allocates and frees millions of small strings and vectors from two threads; glibc's
// allocator spent a fifth of `baton check` in malloc, free and consolidation. mimalloc's
// thread-local free lists make the same work markedly cheaper (figures in the commit message).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    baton_kb::cli::main()
}
