//! `baton lsp` (the language server on stdin and stdout) and `baton schema` (the JSON Schemas
//! editors use): the commands for writing in an editor.

use std::process::ExitCode;

/// `baton lsp`.
#[derive(Debug, clap::Args)]
pub(super) struct LspArgs {
    /// Accepted and ignored: editors and LSP clients often pass `--stdio`; stdio is the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
    /// Pin "now" for time rules: a date or RFC 3339 date-time (env BATON_TODAY).
    #[arg(long)]
    today: Option<String>,
}

/// Serves until `exit`: 0 after a `shutdown`, 1 without one, as LSP asks.
pub(super) fn run(args: LspArgs) -> anyhow::Result<ExitCode> {
    let _ = args.stdio;
    let today = super::pinned_today(args.today)?;
    let clean = crate::lsp::run(today)?;
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `baton schema [--out DIR]`: every schema into DIR, or the handoff schema on stdout.
pub(super) fn schema(out: Option<std::path::PathBuf>) -> anyhow::Result<ExitCode> {
    match out {
        Some(dir) => {
            for path in crate::schema::write_all(&dir)? {
                println!("wrote {}", path.display());
            }
        }
        None => {
            let (_, handoff) = crate::schema::all().into_iter().next().ok_or_else(|| anyhow::anyhow!("no schema"))?;
            println!("{}", serde_json::to_string_pretty(&handoff)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
