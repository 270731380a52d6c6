//! `baton bench-serve` (hidden): save-to-reload latency and memory of a real `baton serve`.
//!
//! It copies a site (or generates one, see [`super::generate`]) into a temporary folder, starts
//! this same binary as `baton serve --port 0` on it, listens to `/__baton/events` like a browser,
//! then saves files one at a time, rotating through four kinds of edit: body text, a status
//! change, a new dependency, an owner change. Each latency runs from just before the file is
//! written to the moment the rebuild event arrives, so it includes the watcher, the debounce,
//! the rebuild and the event; nothing is estimated. Two figures per save: until the first event
//! (the edited page is rendered first; see `serve::site`) and until the event saying every
//! affected page, list pages included, is rendered. Peak RSS is the server's `VmHWM` (Linux).

use anyhow::{Context as _, bail};
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Measure a copy of this site instead of a generated one.
    pub site: Option<PathBuf>,
    /// The size of the generated base.
    pub handoffs: usize,
    /// How many saves to time.
    pub edits: usize,
    /// Only write the generated base into this folder (to try `serve` on it by hand).
    pub generate_into: Option<PathBuf>,
}

/// The four kinds of edit, in the order they rotate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Body,
    Status,
    Dependency,
    Owner,
}

impl Edit {
    const ALL: [Edit; 4] = [Edit::Body, Edit::Status, Edit::Dependency, Edit::Owner];

    fn label(self) -> &'static str {
        match self {
            Edit::Body => "body text",
            Edit::Status => "status change",
            Edit::Dependency => "new dependency",
            Edit::Owner => "owner change",
        }
    }
}

/// Runs the benchmark and prints its report.
pub fn run(options: &BenchOptions) -> anyhow::Result<()> {
    if let Some(folder) = &options.generate_into {
        anyhow::ensure!(!folder.exists(), "{} exists already; name a new folder", folder.display());
        prepare(&BenchOptions { site: None, ..options.clone() }, folder)?;
        println!("wrote {} handoffs to {}", options.handoffs, folder.display());
        return Ok(());
    }
    let dir = tempfile::tempdir().context("creating a temporary folder")?;
    let site = dir.path();
    let described = prepare(options, site)?;
    let files = handoff_files(site)?;
    anyhow::ensure!(files.len() >= 2, "the site needs at least two handoffs to edit");
    let handles = handles(site);
    let root = root_id(&files);
    let started = Instant::now();
    let server = Server::start(site)?;
    let startup = started.elapsed();
    let events = server.listen()?;
    let mut timings: Vec<Timing> = Vec::new();
    for i in 0..options.edits {
        let kind = Edit::ALL[i % Edit::ALL.len()];
        let file = pick_file(&files, i * 37, kind);
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let edited = edit(&text, kind, i, &root, &handles)?;
        while events.try_recv().is_ok() {}
        let saved = Instant::now();
        std::fs::write(file, edited).with_context(|| format!("writing {}", file.display()))?;
        let (first, complete) =
            wait_for_rebuild(&events).with_context(|| format!("edit {i} ({}) of {}", kind.label(), file.display()))?;
        timings.push(Timing { kind, first: first - saved, complete: complete - saved });
        std::thread::sleep(Duration::from_millis(150));
    }
    let memory = server.peak_memory();
    print_report(&described, options.edits, startup, &timings, memory);
    Ok(())
}

/// The file for edit `at`: the next one from there that the edit cannot break (a status change
/// only moves work between `in-progress` and `accepted`, whose requirements are the same).
fn pick_file(files: &[PathBuf], at: usize, kind: Edit) -> &PathBuf {
    let fits = |file: &PathBuf| {
        kind != Edit::Status
            || std::fs::read_to_string(file)
                .is_ok_and(|t| t.contains("\nstatus: in-progress") || t.contains("\nstatus: accepted"))
    };
    let candidates = (0..files.len()).map(|k| &files[(at + k) % files.len()]);
    candidates.clone().find(|f| fits(f)).unwrap_or(&files[at % files.len()])
}

/// One timed save: until the first reload event (the edited page), and until the event that
/// says every affected page is rendered.
struct Timing {
    kind: Edit,
    first: Duration,
    complete: Duration,
}

/// Waits for the rebuild events of one save; returns when the first and the last arrived.
fn wait_for_rebuild(events: &Receiver<(Instant, String)>) -> anyhow::Result<(Instant, Instant)> {
    let mut first = None;
    loop {
        let (arrived, data) = events.recv_timeout(Duration::from_secs(60)).context("no rebuild event within 60 s")?;
        if data.contains("\"errors\":\"") {
            bail!("the edit broke the site: {data}");
        }
        let first = *first.get_or_insert(arrived);
        if data.contains("\"complete\":true") {
            return Ok((first, arrived));
        }
    }
}

/// Copies or generates the site into `into`; says which it is.
fn prepare(options: &BenchOptions, into: &Path) -> anyhow::Result<String> {
    if let Some(site) = &options.site {
        copy_site(site, into)?;
        return Ok(format!("{} (copied)", site.display()));
    }
    for (path, text) in super::generate::generate(options.handoffs) {
        let full = into.join(&path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&full, text).with_context(|| format!("writing {}", full.display()))?;
    }
    Ok(format!("{} generated handoffs", options.handoffs))
}

fn copy_site(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", from.display()))?;
        let relative = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if relative.starts_with("public") {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Handoff files (not decision files), sorted, so the edits are the same on every run.
fn handoff_files(site: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site.join("content")).sort_by_file_name() {
        let entry = entry.context("walking content/")?;
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text =
                std::fs::read_to_string(entry.path()).with_context(|| format!("reading {}", entry.path().display()))?;
            if !text.contains("\nkind: decision") {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

/// The handles of people.yaml (top-level keys), to move ownership between.
fn handles(site: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(site.join("people.yaml")).unwrap_or_default();
    let keys = text.lines().filter(|l| !l.starts_with([' ', '#', '-']) && l.ends_with(':'));
    let mut handles: Vec<String> = keys.map(|l| l.trim_end_matches(':').to_string()).collect();
    if handles.len() < 2 {
        handles = vec!["bench.a".into(), "bench.b".into()];
    }
    handles
}

/// The file's text after edit `i` of `kind`.
fn edit(text: &str, kind: Edit, i: usize, root: &str, handles: &[String]) -> anyhow::Result<String> {
    match kind {
        Edit::Body => Ok(format!("{text}\nEdit {i}: checked the dashboard again.\n")),
        // Statuses whose readiness every generated handoff meets, so no save breaks the base.
        Edit::Status => replace_field(text, "status", ["accepted", "in-progress"][i / 4 % 2]),
        Edit::Owner => {
            // Never the reviewer: reviewing one's own work is a check error.
            let reviewer = text.lines().find_map(|l| l.strip_prefix("reviewer: ")).map(str::trim);
            let owner = handles.iter().cycle().skip(i).find(|h| Some(h.as_str()) != reviewer).unwrap_or(&handles[0]);
            replace_field(text, "owner", owner)
        }
        Edit::Dependency => add_dependency(text, root),
    }
}

/// Sets a top-level frontmatter field (adding it when absent).
fn replace_field(text: &str, field: &str, value: &str) -> anyhow::Result<String> {
    let prefix = format!("{field}:");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(at) => lines[at] = format!("{field}: {value}"),
        None => lines.insert(1, format!("{field}: {value}")),
    }
    Ok(lines.join("\n") + "\n")
}

/// The id of a handoff that depends on nothing, so depending on it can never make a cycle.
fn root_id(files: &[PathBuf]) -> String {
    let root = files.iter().find(|f| {
        std::fs::read_to_string(f).is_ok_and(|t| !t.contains("\ndepends_on:") || t.contains("\ndepends_on: []"))
    });
    let file = root.unwrap_or(&files[0]);
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let written = text.lines().find_map(|l| l.strip_prefix("id: ")).map(str::trim).map(str::to_string);
    written.unwrap_or_else(|| crate::slug::slugify(&file.file_stem().unwrap_or_default().to_string_lossy()))
}

/// Adds `id` to `depends_on`, in whichever form the file writes it.
fn add_dependency(text: &str, id: &str) -> anyhow::Result<String> {
    if text.contains(&format!(" {id}\n")) || text.contains(&format!("[{id}")) || text.contains(&format!(" {id},")) {
        // Already there (or it is the file itself): a harmless rewrite still times a save.
        return Ok(text.to_string());
    }
    if let Some(at) = text.find("\ndepends_on: [") {
        let at = at + "\ndepends_on: [".len();
        let separator = if text[at..].starts_with(']') { "" } else { ", " };
        return Ok(format!("{}{id}{separator}{}", &text[..at], &text[at..]));
    }
    if let Some(at) = text.find("\ndepends_on:\n") {
        let at = at + "\ndepends_on:\n".len();
        let indent: String = text[at..].chars().take_while(|c| *c == ' ').collect();
        return Ok(format!("{}{indent}- {id}\n{}", &text[..at], &text[at..]));
    }
    replace_field(text, "depends_on", &format!("[{id}]"))
}

/// The server under test.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(site: &Path) -> anyhow::Result<Server> {
        let exe = std::env::current_exe().context("finding the baton binary")?;
        let mut child = Command::new(exe)
            .arg("serve")
            .arg(site)
            // A pinned "now" keeps the time rules, and so the work per save, the same on every run.
            .args(["--port", "0", "--today", "2026-11-20"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting baton serve")?;
        let stdout = child.stdout.take().context("reading baton serve's output")?;
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let Some(Ok(line)) = lines.next() else { bail!("baton serve stopped before printing its URL") };
            if let Some(at) = line.find("http://") {
                break line[at + 7..].split('/').next().unwrap_or("").to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
        Ok(Server { child, address })
    }

    /// Connects to the event stream; each rebuild event arrives with the time it was read.
    fn listen(&self) -> anyhow::Result<Receiver<(Instant, String)>> {
        let mut stream = TcpStream::connect(&self.address).context("connecting to baton serve")?;
        write!(stream, "GET /__baton/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).context("subscribing")?;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && tx.send((Instant::now(), data.to_string())).is_err()
                {
                    break;
                }
            }
        });
        // Let the subscription settle before the first save.
        std::thread::sleep(Duration::from_millis(300));
        Ok(rx)
    }

    /// Peak and current resident memory in KiB, where the platform says.
    fn peak_memory(&self) -> Option<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| {
            status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.split_whitespace().next()?.parse().ok())
        };
        Some((field("VmHWM:")?, field("VmRSS:")?))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Gone already is fine.
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn print_report(site: &str, edits: usize, startup: Duration, timings: &[Timing], memory: Option<(u64, u64)>) {
    let first: Vec<Duration> = timings.iter().map(|t| t.first).collect();
    let complete: Vec<Duration> = timings.iter().map(|t| t.complete).collect();
    println!("baton serve benchmark: {site}, {edits} saves");
    println!("  startup (full build until serving): {} ms", startup.as_millis());
    println!("  save → reload event for the edited page: {}", stats(&first));
    for kind in Edit::ALL {
        let of_kind: Vec<Duration> = timings.iter().filter(|t| t.kind == kind).map(|t| t.first).collect();
        println!("    {:<15} {}", kind.label(), stats(&of_kind));
    }
    println!("  save → every affected page rendered: {}", stats(&complete));
    for kind in Edit::ALL {
        let of_kind: Vec<Duration> = timings.iter().filter(|t| t.kind == kind).map(|t| t.complete).collect();
        println!("    {:<15} {}", kind.label(), stats(&of_kind));
    }
    match memory {
        Some((peak, now)) => println!("  memory: peak RSS {} MiB, RSS at the end {} MiB", peak / 1024, now / 1024),
        None => println!("  memory: not available on this platform"),
    }
}

/// `median 12.3 ms, p95 20.1 ms, max 25.0 ms (n=10)`.
fn stats(durations: &[Duration]) -> String {
    if durations.is_empty() {
        return "no samples".into();
    }
    let mut ms: Vec<f64> = durations.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median =
        if ms.len().is_multiple_of(2) { (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0 } else { ms[ms.len() / 2] };
    let p95 = ms[(ms.len() * 95).div_ceil(100).saturating_sub(1)];
    let max = ms[ms.len() - 1];
    format!("median {median:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (n={})", ms.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_are_added_in_the_form_the_file_uses() {
        let inline = add_dependency("---\ndepends_on: [a]\n---\n", "root").unwrap();
        assert_eq!(inline, "---\ndepends_on: [root, a]\n---\n");
        let empty = add_dependency("---\ndepends_on: []\n---\n", "root").unwrap();
        assert_eq!(empty, "---\ndepends_on: [root]\n---\n");
        let block = add_dependency("---\ndepends_on:\n  - a\n---\n", "root").unwrap();
        assert_eq!(block, "---\ndepends_on:\n  - root\n  - a\n---\n");
        let absent = add_dependency("---\ntitle: T\n---\n", "root").unwrap();
        assert_eq!(absent, "---\ndepends_on: [root]\ntitle: T\n---\n");
    }

    #[test]
    fn percentiles_come_from_the_sorted_samples() {
        let samples: Vec<Duration> = (1..=20).map(Duration::from_millis).collect();
        assert_eq!(stats(&samples), "median 10.5 ms, p95 19.0 ms, max 20.0 ms (n=20)");
    }
}
