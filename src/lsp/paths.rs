//! Document URIs ↔ paths relative to the site folder.
//!
//! Editors name documents by `file://` URI. A URI outside the site folder, or not a file, has
//! no path here, and every request about it is answered with "nothing" rather than an error.

use lsp_types::Uri;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// The absolute file path of a `file://` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///home/x` (empty authority) or `file://localhost/home/x`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = String::from_utf8(crate::percent::decode(rest.as_bytes())).ok()?;
    // Windows clients write `file:///C:/x`.
    let decoded = match decoded.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() && cfg!(windows) => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

/// `path` relative to `root`, `/`-separated as the loader names files; `None` outside the root.
pub fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    let inside = path.strip_prefix(root).ok().map(Path::to_path_buf).or_else(|| {
        let (root, path) = (root.canonicalize().ok()?, canonical_parent(path)?);
        path.strip_prefix(root).ok().map(Path::to_path_buf)
    })?;
    if inside.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let parts: Vec<_> = inside.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    Some(PathBuf::from(parts.join("/")))
}

/// The canonical form of a path whose file may no longer exist (its folder is resolved).
fn canonical_parent(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok().or_else(|| Some(path.parent()?.canonicalize().ok()?.join(path.file_name()?)))
}

/// The `file://` URI of `relative` under `root`.
pub fn uri(root: &Path, relative: &Path) -> Option<Uri> {
    let full = root.join(relative);
    let text = full.to_string_lossy().replace('\\', "/");
    let mut encoded = String::from("file://");
    if !text.starts_with('/') {
        encoded.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&encoded).ok()
}

/// The nearest folder at or above `file` holding baton.yaml.
pub fn site_of(file: &Path) -> Option<PathBuf> {
    file.ancestors().skip(1).find(|dir| dir.join(super::workspace::CONFIG_FILE).is_file()).map(Path::to_path_buf)
}

/// `to` written relative to the folder of `from` (both relative to the root): `../b/x.md`.
pub fn relative_link(from: &Path, to: &Path) -> String {
    let from_dir: Vec<_> = from.parent().map(|p| p.components().collect()).unwrap_or_default();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    parts.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Resolves a link as written in `from` (`../b/x.md`) to a path relative to the root.
pub fn resolve_link(from: &Path, link: &str) -> Option<PathBuf> {
    let decoded = String::from_utf8(crate::percent::decode(link.as_bytes())).ok()?;
    let mut parts: Vec<String> = if decoded.starts_with('/') {
        vec!["content".to_string()]
    } else {
        from.parent()?.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect()
    };
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part.to_string()),
        }
    }
    Some(PathBuf::from(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_through_paths() {
        let root = Path::new("/sites/my kb");
        let uri = uri(root, Path::new("content/a b.md")).unwrap();
        assert_eq!(uri.as_str(), "file:///sites/my%20kb/content/a%20b.md");
        let path = file_path(&uri).unwrap();
        assert_eq!(relative(root, &path), Some(PathBuf::from("content/a b.md")));
        assert_eq!(relative(root, Path::new("/elsewhere/x.md")), None);
    }

    #[test]
    fn links_are_relative_to_the_file() {
        let from = Path::new("content/ops/a.md");
        assert_eq!(relative_link(from, Path::new("content/ledger/b.md")), "../ledger/b.md");
        assert_eq!(resolve_link(from, "../ledger/b.md"), Some(PathBuf::from("content/ledger/b.md")));
        assert_eq!(resolve_link(from, "c.md"), Some(PathBuf::from("content/ops/c.md")));
    }
}
