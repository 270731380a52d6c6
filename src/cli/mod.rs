//! The command line: parse arguments, run a stage, print what it found, set the exit code.
//!
//! Exit codes: 0 clean, 1 content errors, 2 usage or I/O trouble. All printing happens here and
//! in the scaffold commands; the library stages only return values and diagnostics.

mod scaffold;

use crate::build::{BuildOptions, build};
use crate::diagnostic::{Diagnostics, Severity, render_human};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// baton: a static site generator for handoff knowledge bases.
#[derive(Debug, Parser)]
#[command(name = "baton", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scaffold a new site: baton.yaml, people.yaml and a sample handoff.
    Init {
        /// Where to create the site (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Write a new handoff (or decision) from the template, with every section and a hint in each.
    New {
        /// The title; the id and file name are its slug.
        title: String,
        /// The owner's handle.
        #[arg(long)]
        owner: Option<String>,
        /// Write a decision file instead of a handoff.
        #[arg(long)]
        decision: bool,
        /// The site folder (default: the current folder).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Build the static site.
    Build {
        /// The site folder (default: the current folder).
        dir: Option<PathBuf>,
        /// The output folder (default: DIR/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The URL the site is published at (overrides baton.yaml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Serve the site from memory with live reload, rebuilding what each change affects.
    Serve {
        /// The site folder (default: the current folder).
        dir: Option<PathBuf>,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Measure serve: save-to-reload latency and peak memory (see docs/serve.md).
    #[command(hide = true)]
    BenchServe {
        /// Measure a copy of this site instead of a generated base.
        #[arg(long)]
        site: Option<PathBuf>,
        /// How many handoffs the generated base has.
        #[arg(long, default_value_t = 10_000)]
        handoffs: usize,
        /// How many saves to time.
        #[arg(long, default_value_t = 40)]
        edits: usize,
        /// Only write the generated base into this new folder, and measure nothing.
        #[arg(long)]
        generate_into: Option<PathBuf>,
    },
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { dir } => scaffold::init(&dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::New { title, owner, decision, site } => scaffold::new(&site, &title, owner.as_deref(), decision),
        Command::Build { dir, out, base_url } => run_build(dir, out, base_url),
        Command::Serve { dir, port, bind, open } => {
            let site = dir.unwrap_or_else(|| PathBuf::from("."));
            crate::serve::run(&crate::serve::ServeOptions { site, bind, port, open }).map(|()| ExitCode::SUCCESS)
        }
        Command::BenchServe { site, handoffs, edits, generate_into } => {
            crate::serve::bench::run(&crate::serve::bench::BenchOptions { site, handoffs, edits, generate_into })
                .map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run_build(dir: Option<PathBuf>, out: Option<PathBuf>, base_url: Option<String>) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let site = dir.unwrap_or_else(|| PathBuf::from("."));
    let options = BuildOptions { out: out.unwrap_or_else(|| site.join("public")), site, base_url };
    let mut diagnostics = Diagnostics::default();
    let (loaded, summary) = build(&options, &mut diagnostics)?;
    let (errors, warnings) = (diagnostics.count(Severity::Error), diagnostics.count(Severity::Warning));
    for d in diagnostics.sorted() {
        eprintln!("{}", render_human(&d, &|file, line| loaded.sources.line(file, line)));
    }
    if !summary.written {
        eprintln!(
            "error: build failed with {errors} error(s) and {warnings} warning(s); {} was left unchanged",
            options.out.display()
        );
        return Ok(ExitCode::from(1));
    }
    println!(
        "built {} pages ({} handoffs, {} decisions, {} owners) in {} ms → {}{}",
        summary.pages,
        summary.handoffs,
        summary.decisions,
        summary.owners,
        started.elapsed().as_millis(),
        options.out.display(),
        if warnings > 0 { format!(" ({warnings} warning(s))") } else { String::new() }
    );
    Ok(ExitCode::SUCCESS)
}
