//! The `baton` command.

fn main() -> std::process::ExitCode {
    baton_kb::cli::main()
}
