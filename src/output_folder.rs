//! Which folder a build may put its site in.
//!
//! A build replaces its output folder whole, so pointed at the wrong folder it would delete what
//! is there. Before anything is read, the output is vetted here: it must not be the site folder,
//! hold it, or lie inside one of the site's input folders (`content/`, `static/`, `themes/`, which
//! the next build would read back, copying the site into itself), nor be named `.baton` (baton's
//! own working folder). When it exists, it must be a folder that is empty or that baton built.
//!
//! baton knows it built a folder by the [`MARK`] every build leaves in it. An output an earlier
//! baton wrote, before there was a mark, is recognised by the site's build record describing it
//! exactly ([`build_cache::describes`]), or else by the files every build of that time wrote, so
//! that upgrading breaks no one's build. Paths are compared resolved (absolute, symbolic links
//! followed, `.` and `..` applied), so no spelling of the site folder slips through. This module
//! decides and writes nothing.

use crate::build_cache;
use crate::write::{MARK, WORK_FOLDER};
use std::path::{Component, Path, PathBuf};

/// The site's input folders: an output inside one would be read by the next build.
const INPUT_FOLDERS: [&str; 3] = ["content", "static", "themes"];

/// Files every build wrote before the mark existed, none of them from the theme: a folder holding
/// all of them is a site an earlier baton built.
const EARLIER_OUTPUT: [&str; 4] = ["handoffs.json", "decisions.json", "wraps.json", "search/meta.bin"];

/// Checks that a build of `site` may replace `out`; returns the output resolved, the folder to
/// write to. The error names the folder and says why, and what to do instead.
pub fn vet(site: &Path, out: &Path) -> anyhow::Result<PathBuf> {
    let resolved = resolve(out).map_err(|e| anyhow::anyhow!("resolving the output folder {}: {e}", out.display()))?;
    let refuse = |why: String| -> anyhow::Error {
        let shown = if out == resolved {
            out.display().to_string()
        } else {
            format!("{} ({})", out.display(), resolved.display())
        };
        anyhow::anyhow!("refusing to build into {shown}: {why}")
    };
    let site = resolve(site).map_err(|e| anyhow::anyhow!("resolving the site folder {}: {e}", site.display()))?;
    if resolved == site {
        return Err(refuse(format!(
            "it is the site folder itself, and a build replaces its output folder whole. \
             Build into a folder of its own, such as {} (the default)",
            site.join("public").display()
        )));
    }
    if site.starts_with(&resolved) {
        return Err(refuse(format!(
            "it holds the site folder {}, and a build replaces its output folder whole. \
             Build into a folder of its own, such as {} (the default)",
            site.display(),
            site.join("public").display()
        )));
    }
    for input in INPUT_FOLDERS {
        if resolve(&site.join(input)).is_ok_and(|folder| resolved.starts_with(folder)) {
            return Err(refuse(format!(
                "it is inside the site's {input}/ folder, which the next build would read as input. \
                 Build into a folder outside content/, static/ and themes/"
            )));
        }
    }
    if resolved.file_name().is_some_and(|name| name == WORK_FOLDER) {
        return Err(refuse(format!("`{WORK_FOLDER}` folders hold baton's own working files")));
    }
    match found(&resolved).map_err(|e| anyhow::anyhow!("reading the output folder {}: {e}", out.display()))? {
        Found::Nothing | Found::Empty | Found::Marked => Ok(resolved),
        Found::File => Err(refuse("it is a file, not a folder".into())),
        Found::Unmarked if built_before_the_mark(&site, &resolved) => Ok(resolved),
        Found::Unmarked => Err(refuse(format!(
            "the folder is not empty and baton did not build it (it has no {MARK} file). A build \
             replaces its output folder whole and would delete everything in it. Build into a new or \
             empty folder, such as a subfolder of this one"
        ))),
    }
}

/// What is at the output path.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// Nothing yet: the build creates it.
    Nothing,
    /// Something that is not a folder.
    File,
    /// An empty folder.
    Empty,
    /// A folder baton built: it holds the mark.
    Marked,
    /// A folder with files in it and no mark.
    Unmarked,
}

fn found(path: &Path) -> std::io::Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // Under a file, say: creating it reports that, with the path.
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            return Ok(Found::Nothing);
        }
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(Found::File);
    }
    if path.join(MARK).is_file() {
        return Ok(Found::Marked);
    }
    let empty = std::fs::read_dir(path)?.next().is_none();
    Ok(if empty { Found::Empty } else { Found::Unmarked })
}

/// Whether `out` is a site an earlier baton built, before builds left a mark.
fn built_before_the_mark(site: &Path, out: &Path) -> bool {
    build_cache::describes(site, out) || EARLIER_OUTPUT.iter().all(|file| out.join(file).is_file())
}

/// `path` made absolute, with every symbolic link that exists followed and `.` and `..` applied.
/// The part that does not exist yet is taken as written: the build creates it as real folders.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    for part in std::path::absolute(path)?.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                // Resolved step by step, a `..` after a link leaves the link's target, as the
                // file system does.
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder in `dir`, with content and static files.
    fn site(dir: &Path) -> PathBuf {
        let site = dir.join("s");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::create_dir_all(site.join("static")).unwrap();
        std::fs::write(site.join("baton.yaml"), "title: T\n").unwrap();
        site
    }

    fn refusal(site: &Path, out: &Path) -> String {
        format!("{:#}", vet(site, out).expect_err("refused"))
    }

    #[test]
    fn the_site_folder_and_its_ancestors_are_refused_however_they_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let spellings = [site.clone(), site.join("."), site.join("content/.."), site.join("public/..")];
        for out in &spellings {
            assert!(refusal(&site, out).contains("it is the site folder itself"), "{}", out.display());
        }
        for out in [dir.path().to_path_buf(), site.join(".."), PathBuf::from("/")] {
            assert!(refusal(&site, &out).contains("it holds the site folder"), "{}", out.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_site_is_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&site, &link).unwrap();
        assert!(refusal(&site, &link).contains("it is the site folder itself"));
        assert!(refusal(&link, &site).contains("it is the site folder itself"));
        let up = dir.path().join("up");
        std::os::unix::fs::symlink(dir.path(), &up).unwrap();
        assert!(refusal(&site, &up).contains("it holds the site folder"));
    }

    #[test]
    fn an_output_inside_an_input_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        for input in INPUT_FOLDERS {
            let out = site.join(input).join("site");
            assert!(refusal(&site, &out).contains(&format!("inside the site's {input}/ folder")), "{input}");
        }
        assert!(refusal(&site, &site.join(".baton")).contains("baton's own working files"));
    }

    #[test]
    fn a_foreign_folder_or_a_file_is_refused_an_empty_or_marked_one_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(docs.join("adr")).unwrap();
        std::fs::write(docs.join("adr/0001.md"), "# ADR").unwrap();
        assert!(refusal(&site, &docs).contains("the folder is not empty and baton did not build it"));
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert!(refusal(&site, &dir.path().join("notes.txt")).contains("it is a file"));

        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert_eq!(vet(&site, &empty).unwrap(), empty.canonicalize().unwrap());
        let new = site.join("public");
        assert_eq!(vet(&site, &new).unwrap(), site.canonicalize().unwrap().join("public"));
        std::fs::write(docs.join(MARK), "").unwrap();
        assert!(vet(&site, &docs).is_ok(), "a folder baton built");
    }

    #[test]
    fn an_output_an_earlier_baton_built_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let out = site.join("public");
        std::fs::create_dir_all(out.join("search")).unwrap();
        for file in EARLIER_OUTPUT {
            std::fs::write(out.join(file), "{}").unwrap();
        }
        assert!(vet(&site, &out).is_ok());
        std::fs::remove_file(out.join("search/meta.bin")).unwrap();
        assert!(vet(&site, &out).is_err(), "a folder missing one of them is not recognised");
    }

    #[test]
    fn resolving_applies_dots_to_the_part_that_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&dir.path().join("a/b/../c/./d")).unwrap(), real.join("a/c/d"));
        assert_eq!(resolve(&dir.path().join("a/../..")).unwrap(), real.parent().unwrap());
    }
}
