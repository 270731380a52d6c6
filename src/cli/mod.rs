//! The command line: parse arguments, run a stage, print what it found, set the exit code.
//!
//! Exit codes: 0 clean, 1 content errors (or warnings with `--deny warnings`), 2 usage or I/O
//! trouble. All printing happens here and in the scaffold commands; the library stages only
//! return values and diagnostics. The clock is read here, at the edge, unless `--today` or
//! `BATON_TODAY` pins it.

mod digest;
mod export;
mod graph;
mod lsp;
mod notify;
mod report;
pub(crate) mod scaffold;
mod search;
mod site;
mod sync;
mod wrap;

use crate::build::{BuildOptions, build};
use crate::diagnostic::{Diagnostics, Severity};
use clap::{Parser, Subcommand};
use report::Format;
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
        /// The title; the id and file name are its slug unless --id says otherwise.
        title: String,
        /// The id (and file name), instead of the title's slug: lowercase letters, digits, `-`.
        #[arg(long)]
        id: Option<String>,
        /// The owner's handle.
        #[arg(long)]
        owner: Option<String>,
        /// Write a decision instead of a handoff: the next numbered record of a decision folder
        /// (`--dir`, else the first of `decision_dirs`) in that folder's own shape, or a decision
        /// file in content/decisions/ when the site has no decision folders.
        #[arg(long)]
        decision: bool,
        /// With --decision: the decision folder to write into, relative to the site folder.
        #[arg(long, requires = "decision")]
        dir: Option<PathBuf>,
        /// The site folder (default: the current folder).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Build the static site (after running every check; errors stop the build).
    Build {
        /// The site folder (default: the current folder).
        dir: Option<PathBuf>,
        /// The output folder (default: DIR/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The URL the site is published at (overrides baton.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Pin "now" for time rules and badges: a date or RFC 3339 date-time (env BATON_TODAY).
        #[arg(long)]
        today: Option<String>,
        /// Print how long each phase took.
        #[arg(long)]
        timings: bool,
    },
    /// Print the dependency graph of open work as DOT, SVG or JSON, for other tools.
    Graph {
        /// The site folder (default: the current folder).
        dir: Option<PathBuf>,
        /// The output format.
        #[arg(long, value_enum, default_value = "dot")]
        format: graph::GraphFormat,
        /// Only ID and what it waits on and what waits on it, transitively.
        #[arg(long, value_name = "ID")]
        from: Option<String>,
        /// Include done and cancelled handoffs.
        #[arg(long)]
        all: bool,
    },
    /// Check the base without writing anything: the quality gate to run in CI.
    Check {
        /// The site folder (default: the current folder).
        dir: Option<PathBuf>,
        /// How to print findings.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors (`--deny warnings`).
        #[arg(long, value_parser = ["warnings"])]
        deny: Option<String>,
        /// Pin "now" for time rules: a date or RFC 3339 date-time (env BATON_TODAY).
        #[arg(long)]
        today: Option<String>,
        /// Print how long each phase took.
        #[arg(long)]
        timings: bool,
    },
    /// Search handoffs and decisions: words, "phrases", -exclude, OR, prefix*, field:value.
    Search(search::SearchArgs),
    /// Deletes a previous site a build left in `.baton/` beside its output (started by `baton build`).
    #[command(hide = true)]
    RemoveOldSite {
        /// The `.baton/NAME.old-PID-…` folder.
        path: PathBuf,
    },
    /// Write a generated base of COUNT handoffs for benchmarks (a developer tool, so hidden).
    #[command(hide = true)]
    BenchCorpus {
        /// How many handoffs.
        #[arg(long)]
        count: usize,
        /// The folder to write the site into (must not hold a content/ folder yet).
        #[arg(long)]
        out: PathBuf,
        /// Another seed gives another base of the same shape.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
        /// Pin "now" for time rules and badges: a date or RFC 3339 date-time (env BATON_TODAY).
        #[arg(long)]
        today: Option<String>,
        /// Also answer requests for this host name or address (repeatable; `*` for any). By
        /// default only localhost, loopback addresses and the --bind address are answered.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
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
    /// Write the end-of-shift wrap: open work (pre-filled), what to watch, what is still baking.
    Wrap(wrap::WrapArgs),
    /// What changed for a person or team since a time, what needs action first (md, html or json).
    Digest(digest::DigestArgs),
    /// Post the digest to Slack, Microsoft Teams or a webhook, per route of baton.yaml's `notify:`.
    Notify(notify::NotifyArgs),
    /// Fetch the state of the GitHub, GitLab and Jira items handoffs link to into .baton/trackers.json.
    Sync(sync::SyncArgs),
    /// Print the whole base as typed JSON (docs/export-schema.json), for bots and agents.
    Export(export::ExportArgs),
    /// Run the language server (LSP over stdio) for editors: diagnostics as you type, completion, rename…
    Lsp(lsp::LspArgs),
    /// Write JSON Schemas for handoff, decision and wrap frontmatter, baton.yaml and people.yaml.
    Schema {
        /// The folder to write them into (default: print the handoff schema on stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

impl Command {
    /// The site folder the command works on, if it works on one.
    fn site_folder(&self) -> Option<PathBuf> {
        let or_here = |dir: &Option<PathBuf>| dir.clone().unwrap_or_else(|| PathBuf::from("."));
        match self {
            Command::New { site, .. } => Some(site.clone()),
            Command::Build { dir, .. }
            | Command::Check { dir, .. }
            | Command::Graph { dir, .. }
            | Command::Serve { dir, .. } => Some(or_here(dir)),
            Command::Search(args) => Some(args.site.clone()),
            Command::Wrap(args) => Some(args.site.clone()),
            Command::Digest(args) => Some(or_here(&args.dir)),
            Command::Notify(args) => Some(or_here(&args.dir)),
            Command::Sync(args) => Some(or_here(&args.dir)),
            Command::Export(args) => Some(or_here(&args.dir)),
            Command::Init { .. } | Command::RemoveOldSite { .. } | Command::BenchCorpus { .. } => None,
            Command::BenchServe { .. } => None,
            // The language server finds its site from the editor's workspace; schemas need none.
            Command::Lsp(_) | Command::Schema { .. } => None,
        }
    }
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(site) = cli.command.site_folder()
        && let Err(error) = site::require_site(&site)
    {
        eprintln!("error: {error:#}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Init { dir } => scaffold::init(&dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::New { title, id, owner, decision, dir, site } => scaffold::new(
            &site,
            &scaffold::NewFile {
                title: &title,
                id: id.as_deref(),
                owner: owner.as_deref(),
                decision,
                dir: dir.as_deref(),
            },
        ),
        Command::Build { dir, out, base_url, today, timings } => run_build(dir, out, base_url, today, timings),
        Command::Check { dir, format, deny, today, timings } => run_check(dir, format, deny.is_some(), today, timings),
        Command::Search(args) => search::run(args),
        Command::BenchCorpus { count, out, seed } => write_corpus(count, &out, seed),
        Command::RemoveOldSite { path } => crate::write::remove_old_site(&path).map(|()| ExitCode::SUCCESS),
        Command::Serve { dir, port, bind, open, today, allow_host } => {
            run_serve(dir, port, bind, open, today, allow_host)
        }
        Command::BenchServe { site, handoffs, edits, generate_into } => {
            crate::serve::bench::run(&crate::serve::bench::BenchOptions { site, handoffs, edits, generate_into })
                .map(|()| ExitCode::SUCCESS)
        }
        Command::Graph { dir, format, from, all } => {
            let site = dir.unwrap_or_else(|| PathBuf::from("."));
            graph::run(&graph::GraphArgs { site: &site, format, from: from.as_deref(), all })
        }
        Command::Wrap(args) => wrap::run(args),
        Command::Digest(args) => digest::run(args),
        Command::Notify(args) => notify::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Export(args) => export::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Schema { out } => lsp::schema(out),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// `--today`, else `BATON_TODAY`, else the clock.
fn today(flag: Option<String>) -> anyhow::Result<jiff::Timestamp> {
    Ok(pinned_today(flag)?.unwrap_or_else(jiff::Timestamp::now))
}

/// `--today`, else `BATON_TODAY`, else `SOURCE_DATE_EPOCH` (the reproducible-builds convention:
/// whole seconds since 1970-01-01 UTC), if any is set.
fn pinned_today(flag: Option<String>) -> anyhow::Result<Option<jiff::Timestamp>> {
    if let Some(text) = flag.or_else(|| std::env::var("BATON_TODAY").ok().filter(|t| !t.is_empty())) {
        return crate::check::parse_today(&text).map(Some).map_err(|e| anyhow::anyhow!("--today: {e}"));
    }
    let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().filter(|t| !t.trim().is_empty()) else {
        return Ok(None);
    };
    let seconds: i64 = epoch.trim().parse().map_err(|_| {
        anyhow::anyhow!("SOURCE_DATE_EPOCH: `{epoch}` is not a whole number of seconds since 1970-01-01 UTC")
    })?;
    jiff::Timestamp::from_second(seconds).map(Some).map_err(|e| anyhow::anyhow!("SOURCE_DATE_EPOCH: `{epoch}`: {e}"))
}

fn write_corpus(count: usize, out: &std::path::Path, seed: u64) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;
    anyhow::ensure!(!out.join("content").exists(), "{} already has a content/ folder", out.display());
    for (path, text) in crate::corpus::generate(count, seed) {
        let full = out.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&full, text).with_context(|| format!("writing {}", full.display()))?;
    }
    println!("wrote {count} handoffs to {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `baton serve`: unless pinned, "now" is read again at every rebuild, so badges follow the clock.
fn run_serve(
    dir: Option<PathBuf>,
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
    today: Option<String>,
    allow_hosts: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let site = dir.unwrap_or_else(|| PathBuf::from("."));
    let options = crate::serve::ServeOptions { site, bind, port, open, today: pinned_today(today)?, allow_hosts };
    crate::serve::run(&options).map(|()| ExitCode::SUCCESS)
}

fn run_build(
    dir: Option<PathBuf>,
    out: Option<PathBuf>,
    base_url: Option<String>,
    today_flag: Option<String>,
    show_timings: bool,
) -> anyhow::Result<ExitCode> {
    use crate::build_cache::{self, Key};
    let started = std::time::Instant::now();
    let site = dir.unwrap_or_else(|| PathBuf::from("."));
    let pinned = pinned_today(today_flag)?;
    let today = pinned.unwrap_or_else(jiff::Timestamp::now);
    let options = BuildOptions { out: out.unwrap_or_else(|| site.join("public")), site, base_url, today };
    // Before the record is read or the inputs hashed: "nothing changed" is no answer to an output
    // the build must refuse. `build` checks again, for callers other than this one.
    crate::output_folder::vet(&options.site, &options.out)?;
    let mut timings = crate::timings::Timings::default();
    let key = pinned.map(|today| Key {
        site: &options.site,
        out: &options.out,
        base_url: options.base_url.as_deref(),
        today,
    });
    let inputs = timings.phase("fingerprint", || key.as_ref().and_then(build_cache::fingerprint));
    if let (Some(key), Some(inputs)) = (&key, &inputs) {
        let kept = timings.phase("verify output", || {
            build_cache::read(&options.site).filter(|record| build_cache::still_valid(record, key, inputs))
        });
        if let Some(record) = kept {
            eprint!("{}", record.report);
            if show_timings {
                eprint!("{}", timings.table());
            }
            print_built(&record.summary, started, &options.out, " — nothing changed since the last build; output kept");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let mut diagnostics = Diagnostics::default();
    let (loaded, mut summary) = build(&options, &mut diagnostics)?;
    let (errors, warnings) = (diagnostics.count(Severity::Error), diagnostics.count(Severity::Warning));
    let report = report::render(Format::Human, &diagnostics.sorted(), &loaded.sources, options.today);
    eprint!("{report}");
    if show_timings {
        timings.extend(std::mem::take(&mut summary.timings));
        eprint!("{}", timings.table());
    }
    if !summary.written {
        eprintln!(
            "error: build failed with {errors} error(s) and {warnings} warning(s); {} was left unchanged",
            options.out.display()
        );
        return Ok(ExitCode::from(1));
    }
    let counts = build_cache::Summary {
        pages: summary.pages,
        handoffs: summary.handoffs,
        decisions: summary.decisions,
        owners: summary.owners,
        warnings,
    };
    match inputs {
        Some(inputs) => {
            let output = build_cache::listing_of(std::mem::take(&mut summary.files));
            let record = build_cache::Record {
                format: build_cache::FORMAT,
                baton: build_cache::binary_identity(),
                inputs,
                output,
                report,
                summary: counts,
            };
            // A site that builds but cannot keep its record only loses the fast rebuild.
            if let Err(e) = build_cache::write(&options.site, &record) {
                eprintln!("note: {e:#}; the next build will not reuse this one");
            }
        }
        None => build_cache::forget(&options.site),
    }
    print_built(&counts, started, &options.out, "");
    Ok(ExitCode::SUCCESS)
}

/// The summary line of a build.
fn print_built(counts: &crate::build_cache::Summary, started: std::time::Instant, out: &std::path::Path, note: &str) {
    let warnings = counts.warnings;
    println!(
        "built {} pages ({} handoffs, {} decisions, {} owners) in {} ms → {}{}{note}",
        counts.pages,
        counts.handoffs,
        counts.decisions,
        counts.owners,
        started.elapsed().as_millis(),
        out.display(),
        if warnings > 0 { format!(" ({warnings} warning(s))") } else { String::new() }
    );
}

fn run_check(
    dir: Option<PathBuf>,
    format: Format,
    deny_warnings: bool,
    today_flag: Option<String>,
    show_timings: bool,
) -> anyhow::Result<ExitCode> {
    use crate::markdown::Output;
    let started = std::time::Instant::now();
    let today = today(today_flag)?;
    let site_dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let mut diagnostics = Diagnostics::default();
    let mut timings = crate::timings::Timings::default();
    let mut site = crate::build::load_site_timed(&site_dir, &mut diagnostics, &mut timings)?;
    let links = crate::sitemap::resolve::SiteLinks::new(&site.base);
    let outlines =
        crate::build::check_site_timed(&mut site, &links, today, Output::Outline, &mut diagnostics, &mut timings);
    // The process ends soon after, so what the check read is forgotten rather than freed piece
    // by piece; but a site weighed for `host:` is rendered whole next, and that render is the
    // check's peak, so then it is freed first (~100 MB at 10,000 handoffs).
    if crate::build::weighed_host(&site.config).is_some() {
        drop((outlines, links));
        crate::memory::release_freed();
    } else {
        std::mem::forget((outlines, links));
    }
    timings.phase("buildable", || crate::build::check_buildable(&site_dir, &site, today, &mut diagnostics))?;
    if show_timings {
        eprint!("{}", timings.table());
    }
    let (errors, warnings) = (diagnostics.count(Severity::Error), diagnostics.count(Severity::Warning));
    let findings = diagnostics.sorted();
    let text = report::render(format, &findings, &site.sources, today);
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    if format == Format::Human {
        eprint!("{text}");
        let verdict = if failed { "failed" } else { "passed" };
        eprintln!(
            "check {verdict}: {errors} error(s), {warnings} warning(s) in {} handoffs and {} decisions ({} ms)",
            site.base.handoffs.len(),
            site.base.decisions.len(),
            started.elapsed().as_millis()
        );
    } else {
        print!("{text}");
    }
    // The process ends here: freeing the base piece by piece would only delay the exit; the
    // system takes the memory back whole.
    std::mem::forget(site);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
