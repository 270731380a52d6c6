//! Test helpers shared by unit tests: a linked base built from file texts, with no disk.

use crate::diagnostic::Diagnostics;
use crate::load::{SourceFile, Sources};
use crate::model::Base;

/// Links `files` (path under `content/`, text) into a base; panics on any error, so a test's
/// fixture is known to be valid.
pub(crate) fn base(files: &[(&str, &str)]) -> Base {
    let content = files
        .iter()
        .map(|(path, text)| SourceFile { path: format!("content/{path}").into(), text: (*text).to_string() })
        .collect();
    let sources = Sources { content, ..Sources::default() };
    let mut diagnostics = Diagnostics::default();
    let parsed = crate::load::parse_content(&sources, &mut diagnostics);
    let base = crate::link::link(&parsed, None, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "fixture has errors: {:?}", diagnostics.sorted());
    base
}

/// A handoff file: `title: ID`, `owner: ana`, then `fields` (YAML lines).
pub(crate) fn handoff(id: &str, fields: &str) -> (String, String) {
    (format!("{id}.md"), format!("---\ntitle: {id}\nowner: ana\n{fields}---\n"))
}

/// [`base`] from [`handoff`]s.
pub(crate) fn base_of(handoffs: &[(String, String)]) -> Base {
    let files: Vec<(&str, &str)> = handoffs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    base(&files)
}

/// A site folder in a new temporary directory holding `files` (path under the site, text).
pub(crate) fn site_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}
