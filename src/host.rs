//! The host a site is published to (`host:` in baton.yaml), and what it refuses.
//!
//! Static hosts cap what they take: GitHub Pages and GitLab Pages a site's size, GitLab Pages and
//! Cloudflare Pages its number of files, Cloudflare Pages (and git, under GitHub Pages) the size
//! of one file. A site over a cap builds fine and then fails to deploy, far from the cause and
//! after the build passed. Told the host, `baton build` measures what it wrote before it swaps
//! the site in and reports `over-host-limit` with the folders that weigh most, so the team
//! learns at the build, with the numbers, which part to cut (see docs/publishing.md).
//! `baton check` makes the same site without keeping it and measures it the same way
//! (`build::check_buildable`), so the gate and the build agree.

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::write::WrittenFile;
use std::collections::{BTreeMap, BTreeSet};

/// The caps of one host; a missing one is not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostLimits {
    /// How messages name the host: "GitHub Pages", or the `name` a site gave its own.
    pub name: String,
    /// Bytes of all files.
    pub max_size: Option<u64>,
    /// Entries: files, and also folders where `counts_folders`.
    pub max_files: Option<u64>,
    /// Bytes of one file.
    pub max_file_size: Option<u64>,
    /// Whether folders count as entries (GitLab Pages counts every entry of the archive).
    pub counts_folders: bool,
    /// Where `host:` is written, for the report.
    pub line: usize,
}

const GB: u64 = 1_000_000_000;
const MIB: u64 = 1 << 20;

/// A host `host:` may name, with the caps its documentation gives.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// What `host:` says.
    pub id: &'static str,
    name: &'static str,
    max_size: Option<u64>,
    max_files: Option<u64>,
    max_file_size: Option<u64>,
    counts_folders: bool,
}

const fn preset(id: &'static str, name: &'static str, caps: [Option<u64>; 3], counts_folders: bool) -> Preset {
    let [max_size, max_files, max_file_size] = caps;
    Preset { id, name, max_size, max_files, max_file_size, counts_folders }
}

/// The known hosts, with the caps of a free account (or, for `cloudflare-pages-paid`, a paid
/// one): site size, files, one file's size. Sizes as the hosts write them: "1 GB" is taken as
/// 10⁹ bytes, the smaller reading, so a warning comes early rather than late.
pub const PRESETS: &[Preset] = &[
    preset("github-pages", "GitHub Pages", [Some(GB), None, Some(100 * MIB)], false),
    preset("gitlab-pages", "GitLab Pages (GitLab.com)", [Some(GB), Some(200_000), None], true),
    preset("cloudflare-pages", "Cloudflare Pages (free plan)", [None, Some(20_000), Some(25 * MIB)], false),
    preset("cloudflare-pages-paid", "Cloudflare Pages (paid plans)", [None, Some(100_000), Some(25 * MIB)], false),
];

impl HostLimits {
    /// The preset named `id`.
    pub fn preset(id: &str, line: usize) -> Option<HostLimits> {
        PRESETS.iter().find(|p| p.id == id).map(|p| HostLimits {
            name: p.name.to_string(),
            max_size: p.max_size,
            max_files: p.max_files,
            max_file_size: p.max_file_size,
            counts_folders: p.counts_folders,
            line,
        })
    }

    /// Every cap the site passes, as `over-host-limit` warnings at the `host:` line (the rule's
    /// level in `rules:` applies afterwards, like any rule's).
    pub fn check(&self, files: &[WrittenFile], diagnostics: &mut Diagnostics) {
        let at = || Span::new("baton.yaml", self.line, 1);
        let size: u64 = files.iter().map(|f| f.size).sum();
        let folders: BTreeSet<&str> = files.iter().flat_map(|f| ancestors(&f.path)).collect();
        let entries = files.len() as u64 + if self.counts_folders { folders.len() as u64 } else { 0 };
        let heaviest = heaviest_folders(files);
        if let Some(max) = self.max_size.filter(|max| size > *max) {
            let message = format!(
                "the site is {}; {} takes {} at most, so the deploy will fail",
                bytes(size),
                self.name,
                bytes(max)
            );
            diagnostics
                .push(Diagnostic::warning("over-host-limit", at(), message).field("host").hint(Some(heaviest.clone())));
        }
        if let Some(max) = self.max_files.filter(|max| entries > *max) {
            let what = if self.counts_folders { "files and folders" } else { "files" };
            let message = format!(
                "the site has {} {what}; {} takes {} at most, so the deploy will fail",
                thousands(entries),
                self.name,
                thousands(max)
            );
            diagnostics.push(Diagnostic::warning("over-host-limit", at(), message).field("host").hint(Some(heaviest)));
        }
        if let Some(max) = self.max_file_size {
            let mut over: Vec<&WrittenFile> = files.iter().filter(|f| f.size > max).collect();
            over.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
            for file in over.iter().take(SHOWN) {
                let message = format!(
                    "`{}` is {}; {} takes {} a file at most, so the deploy will fail",
                    file.path,
                    bytes(file.size),
                    self.name,
                    bytes(max)
                );
                diagnostics.push(Diagnostic::warning("over-host-limit", at(), message).field("host"));
            }
            if over.len() > SHOWN {
                let message = format!("{} more files are over {} a file", over.len() - SHOWN, bytes(max));
                diagnostics.push(Diagnostic::warning("over-host-limit", at(), message).field("host"));
            }
        }
    }
}

/// Files over a per-file cap reported one by one, at most.
const SHOWN: usize = 5;

/// The folders that hold `path` (`a/b/c.html` → `a`, `a/b`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// "the heaviest parts: handoffs/ 176.3 MB (10,000 files), search/ 44.5 MB (…), …": where to
/// look first.
fn heaviest_folders(files: &[WrittenFile]) -> String {
    let mut parts: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for file in files {
        let top = file.path.split_once('/').map_or(file.path.as_str(), |(top, _)| top);
        let part = parts.entry(top).or_default();
        part.0 += file.size;
        part.1 += 1;
    }
    let mut parts: Vec<(&str, (u64, u64))> = parts.into_iter().collect();
    parts.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(b.0)));
    let shown: Vec<String> = parts
        .iter()
        .take(3)
        .map(|(top, (size, count))| {
            let name =
                if *count == 1 && files.iter().any(|f| f.path == *top) { top.to_string() } else { format!("{top}/") };
            let files = if *count == 1 { "1 file".to_string() } else { format!("{} files", thousands(*count)) };
            format!("{name} {} ({files})", bytes(*size))
        })
        .collect();
    format!("the heaviest parts: {}; see docs/publishing.md for what can be cut", shown.join(", "))
}

/// Bytes for a reader: `1.21 GB`, `25 MiB`, `305.6 MB`, `50 KiB`, `812 KB`, `40 bytes`.
fn bytes(n: u64) -> String {
    // baton.yaml's sizes are binary (`50KB` is 51,200 bytes): a cap written that way reads back
    // as written, not as "51 KB".
    if n >= MIB && n.is_multiple_of(MIB) && n < GB {
        return format!("{} MiB", n / MIB);
    }
    if (1 << 10..MIB).contains(&n) && n.is_multiple_of(1 << 10) {
        return format!("{} KiB", n >> 10);
    }
    match n {
        n if n >= GB && n.is_multiple_of(GB) => format!("{} GB", n / GB),
        n if n >= GB => format!("{:.2} GB", n as f64 / GB as f64),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{} KB", n / 1_000),
        n => format!("{n} bytes"),
    }
}

/// `20000` → `20,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64) -> WrittenFile {
        WrittenFile { path: path.into(), size, modified: std::time::SystemTime::UNIX_EPOCH }
    }

    fn messages(limits: &HostLimits, files: &[WrittenFile]) -> Vec<String> {
        let mut found = Diagnostics::default();
        limits.check(files, &mut found);
        found.sorted().into_iter().map(|d| format!("{} {}", d.rule, d.message)).collect()
    }

    #[test]
    fn a_site_within_every_cap_is_not_reported() {
        let files = [file("index.html", 5_000), file("handoffs/a/index.html", 20_000)];
        for preset in PRESETS {
            assert_eq!(
                messages(&HostLimits::preset(preset.id, 3).unwrap(), &files),
                Vec::<String>::new(),
                "{}",
                preset.id
            );
        }
    }

    #[test]
    fn each_cap_names_the_host_the_numbers_and_where_the_bytes_are() {
        let mut files: Vec<WrittenFile> =
            (0..60).map(|i| file(&format!("handoffs/h-{i}/index.html"), 20_000_000)).collect();
        files.push(file("export/handoffs-1.json", 30 * MIB));
        files.push(file("index.html", 10));
        let github = messages(&HostLimits::preset("github-pages", 3).unwrap(), &files);
        assert_eq!(github.len(), 1, "{github:?}");
        assert_eq!(
            github,
            ["over-host-limit the site is 1.23 GB; GitHub Pages takes 1 GB at most, so the deploy will fail"]
        );
        let mut found = Diagnostics::default();
        HostLimits::preset("github-pages", 3).unwrap().check(&files, &mut found);
        let found = found.sorted();
        let hint = found[0].hint.clone().unwrap();
        assert!(
            hint.starts_with("the heaviest parts: handoffs/ 1.20 GB (60 files), export/ 30 MiB (1 file), index.html 10 bytes (1 file)"),
            "{hint}"
        );
        assert_eq!((found[0].span.line, found[0].field.as_deref()), (3, Some("host")));

        let cloudflare = messages(&HostLimits::preset("cloudflare-pages", 1).unwrap(), &files);
        assert_eq!(
            cloudflare,
            [
                "over-host-limit `export/handoffs-1.json` is 30 MiB; Cloudflare Pages (free plan) takes 25 MiB a file at \
                 most, so the deploy will fail"
            ]
        );
    }

    #[test]
    fn gitlab_counts_folders_as_entries_and_cloudflare_counts_files() {
        let files: Vec<WrittenFile> = (0..12_000).map(|i| file(&format!("handoffs/h-{i}/index.html"), 100)).collect();
        // 12,000 files, 12,001 folders (each page's and handoffs/): 24,001 entries.
        let gitlab = HostLimits { max_files: Some(24_000), ..HostLimits::preset("gitlab-pages", 1).unwrap() };
        assert_eq!(
            messages(&gitlab, &files),
            ["over-host-limit the site has 24,001 files and folders; GitLab Pages (GitLab.com) takes 24,000 at most, \
                 so the deploy will fail"]
        );
        let cloudflare = HostLimits { max_files: Some(12_000), ..HostLimits::preset("cloudflare-pages", 1).unwrap() };
        assert_eq!(messages(&cloudflare, &files), Vec::<String>::new());
    }

    #[test]
    fn files_over_a_file_cap_are_listed_largest_first_then_counted() {
        let files: Vec<WrittenFile> = (0..8).map(|i| file(&format!("f{i}.json"), (30 + i) * MIB)).collect();
        let found = messages(&HostLimits::preset("cloudflare-pages", 1).unwrap(), &files);
        assert_eq!(found.len(), SHOWN + 1);
        // The five largest are named, the three smaller counted.
        for (i, shown) in
            (0..8).map(|i| (i, found.iter().any(|m| m.contains(&format!("`f{i}.json` is {} MiB", 30 + i)))))
        {
            assert_eq!(shown, i >= 3, "f{i}: {found:?}");
        }
        assert!(found.contains(&"over-host-limit 3 more files are over 25 MiB a file".to_string()), "{found:?}");
    }

    #[test]
    fn sizes_and_counts_read_as_a_person_writes_them() {
        assert_eq!(bytes(1_234_000_000), "1.23 GB");
        assert_eq!(bytes(25 * MIB), "25 MiB");
        assert_eq!(bytes(305_600_000), "305.6 MB");
        assert_eq!(bytes(812_345), "812 KB");
        assert_eq!(bytes(50 << 10), "50 KiB", "`max_size: 50KB`");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
