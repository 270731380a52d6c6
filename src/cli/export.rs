//! `baton export`: the whole base as typed JSON on stdout (the schema is
//! `docs/export-schema.json`) in one document: the same records a build writes to the parts
//! under `/export/`, each with its Markdown body, which the site's files leave to the pages.
//! The document is streamed, record by record, so a large base is never held as text.
//!
//! A base with errors is not exported: a bot acting on half a base is worse than one told to wait.

use crate::build::{check_site, load_site};
use crate::diagnostic::{Diagnostics, Severity};
use anyhow::Context as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `baton export`.
#[derive(Debug, clap::Args)]
pub(super) struct ExportArgs {
    /// The site folder (default: the current folder).
    pub(super) dir: Option<PathBuf>,
    /// Pin "now" for the attention flags: a date or RFC 3339 date-time (env BATON_TODAY).
    #[arg(long)]
    today: Option<String>,
}

/// Runs `baton export`.
pub(super) fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let today = super::today(args.today)?;
    let site_dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let mut diagnostics = Diagnostics::default();
    let mut site = load_site(&site_dir, &mut diagnostics)?;
    if !diagnostics.has_errors() {
        check_site(&mut site, today, &mut diagnostics);
    }
    if diagnostics.has_errors() {
        let errors = diagnostics.count(Severity::Error);
        let text = super::report::render(super::report::Format::Human, &diagnostics.sorted(), &site.sources, today);
        eprint!("{text}");
        eprintln!("error: the base has {errors} error(s); nothing exported");
        return Ok(ExitCode::from(1));
    }
    let export = crate::export::export(&site.base, &site.config, today);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    crate::export::write_export(&mut out, &export).context("writing the export to stdout")?;
    out.flush().context("writing the export to stdout")?;
    Ok(ExitCode::SUCCESS)
}
