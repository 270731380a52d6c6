//! A site in a temporary folder and the `baton` binary run on it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site folder under construction.
pub(crate) struct Site {
    dir: tempfile::TempDir,
}

/// What a run of `baton` printed and returned.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    #[track_caller]
    pub(crate) fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "baton failed:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub(crate) fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code:\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub(crate) fn assert_stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }
}

/// The path of the built binary.
pub(crate) fn baton() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baton"))
}

impl Site {
    /// An empty site with a minimal baton.yaml.
    pub(crate) fn new() -> Site {
        let site = Site { dir: tempfile::tempdir().expect("temp dir") };
        site.write("baton.yaml", "title: Test Base\n")
    }

    /// An empty site with a minimal baton.yaml in a new folder inside `parent`, for tests that
    /// need files beside the site.
    pub(crate) fn new_in(parent: &Path) -> Site {
        let site = Site { dir: tempfile::tempdir_in(parent).expect("temp dir") };
        site.write("baton.yaml", "title: Test Base\n")
    }

    /// Writes a file (creating folders); returns the site for chaining.
    pub(crate) fn write(self, path: &str, text: &str) -> Site {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    /// Writes a handoff `content/NAME.md` with the given frontmatter lines and body.
    pub(crate) fn handoff(self, name: &str, frontmatter: &str, body: &str) -> Site {
        self.write(&format!("content/{name}.md"), &format!("---\n{frontmatter}---\n{body}"))
    }

    /// The site folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub(crate) fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Runs `baton ARGS` with the site folder as working directory.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let output =
            baton().args(args).current_dir(self.path()).env("BATON_TODAY", "2026-11-20").output().expect("run baton");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `baton build .`
    pub(crate) fn build(&self) -> Run {
        self.run(&["build", "."])
    }

    /// The HTML of the page at `url` (`handoffs/x/`), which must exist.
    #[track_caller]
    pub(crate) fn page(&self, url: &str) -> String {
        let path = self.public().join(url).join("index.html");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no page {}: {e}", path.display()))
    }

    /// Every file under the output folder with its bytes, sorted.
    pub(crate) fn output_files(&self) -> Vec<(String, Vec<u8>)> {
        files_under(&self.public())
    }
}

/// A handoff's frontmatter with the required fields and `extra` lines.
pub(crate) fn fm(title: &str, owner: &str, extra: &str) -> String {
    format!("title: {title}\nowner: {owner}\n{extra}")
}

/// Every file under `dir` with its bytes, sorted by path.
pub(crate) fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
            files.push((rel, std::fs::read(entry.path()).expect("read")));
        }
    }
    files
}

/// The request line's target and the headers (names lowercased) of one HTTP/1.1 request, read
/// from `reader` up to the blank line: what the local servers standing in for webhooks and
/// trackers need to answer and to record.
pub(crate) fn read_request_head(
    reader: &mut impl std::io::BufRead,
) -> Option<(String, std::collections::BTreeMap<String, String>)> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let target = line.split_whitespace().nth(1)?.to_string();
    let mut headers = std::collections::BTreeMap::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.insert(name.to_ascii_lowercase(), value.trim().to_string());
    }
    Some((target, headers))
}
