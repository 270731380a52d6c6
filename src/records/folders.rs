//! Decision folders as the site shows them: read folders → [`RecordFolder`]s, each with the key
//! its files are published under, its README as introduction and the files kept beside its
//! records.
//!
//! Pure: the listings come from [`super::read`]; copying the files is the render's job.

use super::read::RecordFiles;
use crate::model::{Introduction, RecordFolder};
use std::collections::BTreeSet;

/// The folders of `files`, in the order they were read; `repo_url` is where the repository
/// host shows the site folder.
pub fn record_folders(files: &RecordFiles, repo_url: Option<&str>) -> Vec<RecordFolder> {
    let mut taken = BTreeSet::new();
    let mut folders = Vec::new();
    for listing in &files.listings {
        let folder = &listing.folder;
        let introduction =
            files.introductions.iter().find(|(f, _)| f == folder).map(|(_, source)| introduction(source));
        folders.push(RecordFolder {
            path: folder.path.clone(),
            dir: listing.dir.clone(),
            key: unique_key(&folder_key(&folder.path, folder.prefix.as_deref()), &mut taken),
            team: folder.team.clone(),
            introduction,
            files: listing.files.iter().filter(|f| is_publishable(f)).cloned().collect(),
            source_url: repo_url.map(|url| join_url(url, &format!("{}/", folder.path.trim_end_matches('/')))),
        });
    }
    folders
}

/// The folder's prefix, else its path without the climb out of the site: `../docs/adr` →
/// `docs-adr`.
fn folder_key(path: &str, prefix: Option<&str>) -> String {
    if let Some(prefix) = prefix {
        return prefix.to_string();
    }
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !matches!(*p, "" | "." | "..")).collect();
    let key = crate::slug::slugify(&parts.join("-"));
    if key.is_empty() { "records".to_string() } else { key }
}

/// `key`, or `key-2`, `key-3`… when an earlier folder has it.
fn unique_key(key: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = key.to_string();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{key}-{n}");
    }
    candidate
}

/// A name the output can hold (see [`crate::write`]): no `:` or `\`.
fn is_publishable(file: &str) -> bool {
    !file.contains([':', '\\'])
}

/// A README read like a record: its H1 (or front matter `title`) is the group's heading.
fn introduction(source: &crate::load::SourceFile) -> Introduction {
    let (raw, _) = super::parse_record(&source.text);
    Introduction {
        file: source.path.clone(),
        title: raw.title.map(|t| t.text),
        body: raw.body,
        body_line: raw.body_line,
    }
}

/// `relative` resolved against `base` (which ends in `/`) as a browser would: `..` climbs the
/// URL's path, never past its host.
pub fn join_url(base: &str, relative: &str) -> String {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..].find('/').map_or(base.len(), |i| after_scheme + i);
    let (origin, path) = base.split_at(host_end);
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut url = format!("{origin}/{}", segments.join("/"));
    if !segments.is_empty() && (relative.is_empty() || relative.ends_with('/')) {
        url.push('/');
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_like_a_browser_resolves_them() {
        let kb = "https://git.example.com/acme/shop/blob/main/kb/";
        assert_eq!(join_url(kb, "../docs/adr/"), "https://git.example.com/acme/shop/blob/main/docs/adr/");
        assert_eq!(join_url(kb, "content/x.md"), "https://git.example.com/acme/shop/blob/main/kb/content/x.md");
        assert_eq!(join_url("https://h.example/a/", "../../../x.rs"), "https://h.example/x.rs");
        assert_eq!(join_url("https://h.example/", "./"), "https://h.example/");
    }

    #[test]
    fn keys_come_from_the_prefix_or_the_path_and_never_repeat() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_key(&folder_key("../docs/adr", None), &mut taken), "docs-adr");
        assert_eq!(unique_key(&folder_key("docs/adr/", None), &mut taken), "docs-adr-2");
        assert_eq!(unique_key(&folder_key("../x", Some("billing")), &mut taken), "billing");
        assert_eq!(folder_key("..", None), "records");
    }
}
