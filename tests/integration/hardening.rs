//! Hostile and broken input: every case ends in a clear error naming the file, or safe output,
//! and never in a panic, a hang or a half-written site.

use crate::harness::{Site, fm};
use std::time::{Duration, Instant};

/// Runs `baton check` and fails if it takes longer than a generous bound (a hang guard, not a
/// speed measurement: those live in bench/).
fn check_within(site: &Site, limit: Duration) -> crate::harness::Run {
    let started = Instant::now();
    let run = site.run(&["check", "."]);
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn yaml_alias_bombs_and_deep_nesting_are_refused() {
    let mut laughs = String::from(
        "---\ntitle: L\nowner: ana\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        laughs += &format!("  {name}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(","));
        previous = name;
    }
    laughs += "---\n";
    let deep = format!("---\ntitle: D\nowner: ana\nextra: {}{}\n---\n", "[".repeat(100_000), "]".repeat(100_000));
    let site = Site::new().write("content/laughs.md", &laughs).write("content/deep.md", &deep);
    let run = check_within(&site, Duration::from_secs(60));
    run.assert_code(1).assert_stderr_has("--> content/laughs.md").assert_stderr_has("too large or too complex");
    run.assert_stderr_has("--> content/deep.md").assert_stderr_has("recursion limit");
}

#[test]
fn pathological_markdown_finishes() {
    let lists: String = (0..100_000).map(|i| format!("{}- item\n", "  ".repeat(i % 16))).collect();
    let nested = format!("{}x\n{}x\n", "> ".repeat(100_000), "- ".repeat(100_000));
    let emphasis = format!("{}\n{}\n{}\n", "*a **b ".repeat(50_000), "[".repeat(100_000), "`".repeat(50_000));
    let site = Site::new()
        .handoff("lists", &fm("Lists", "ana", ""), &lists)
        .handoff("nested", &fm("Nested", "ana", ""), &nested)
        .handoff("emphasis", &fm("Emphasis", "ana", ""), &emphasis);
    check_within(&site, Duration::from_secs(60)).assert_code(0);
}

#[test]
fn oversized_files_are_refused_with_the_limit() {
    let site = Site::new().write("baton.yaml", "title: T\nmax_file_size: 1KB\n").handoff(
        "big",
        &fm("Big", "ana", ""),
        &"word ".repeat(400),
    );
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("error[too-large]: file is 0.0 MB, over the 0.0 MB limit")
        .assert_stderr_has("--> content/big.md");
}

#[test]
fn encodings_and_broken_fences_are_reported_per_file() {
    let site = Site::new()
        .write("content/bom-crlf.md", "\u{feff}---\r\ntitle: Windows\r\nowner: ana\r\n---\r\nbody\r\n")
        .write("content/empty.md", "")
        .write("content/unclosed.md", "---\ntitle: U\nowner: ana\n")
        .write("content/plain.md", "# Just notes\n");
    std::fs::write(site.path().join("content/latin1.md"), b"---\ntitle: caf\xe9\nowner: ana\n---\n").unwrap();
    let run = site.run(&["check", "."]);
    run.assert_code(1);
    run.assert_stderr_has("error[no-frontmatter]: file has no frontmatter\n  --> content/empty.md");
    run.assert_stderr_has("error[unclosed-frontmatter]").assert_stderr_has("--> content/unclosed.md");
    run.assert_stderr_has("error[not-utf8]: file is not UTF-8 text (invalid byte at offset 14)");
    run.assert_stderr_has("--> content/plain.md");
    assert!(!run.stderr.contains("bom-crlf"), "a BOM and CRLF line endings are fine:\n{}", run.stderr);
}

#[test]
fn file_names_with_spaces_and_other_scripts_get_ids_or_a_clear_error() {
    let site = Site::new()
        .write("content/Ledger Export.md", &format!("---\n{}---\n", fm("Ledger", "ana", "")))
        .write("content/Überblick.md", &format!("---\n{}---\n", fm("Overview", "ana", "")))
        .write("content/日本語.md", &format!("---\n{}---\n", fm("Japan", "ana", "")))
        .write("content/+++.md", &format!("---\n{}---\n", fm("Plus", "ana", "")));
    let run = site.run(&["build", "."]);
    run.assert_code(1)
        .assert_stderr_has("cannot make an id from the file name `+++`: it has no letters or digits")
        .assert_stderr_has("add an `id:` field");
    let site = site.write("content/+++.md", &format!("---\n{}---\n", fm("Plus", "ana", "id: plus\n")));
    site.build().assert_ok();
    // Other scripts are transliterated (see docs/format.md, Slugs).
    for url in ["handoffs/ledger-export/", "handoffs/uberblick/", "handoffs/ri-ben-yu/", "handoffs/plus/"] {
        site.page(url);
    }
}

#[test]
fn ids_and_tags_cannot_escape_the_output_folder() {
    let site = Site::new().handoff("a", &fm("A", "ana", "id: ../../etc/passwd\n"), "");
    site.build().assert_code(1).assert_stderr_has("error[bad-id]: `../../etc/passwd` is not a valid id");
    let site = Site::new().handoff("a", &fm("A", "ana", "tags: [\"../../x\", \"C:\\\\win\", \"/abs\"]\n"), "");
    site.build().assert_ok();
    for url in ["tags/x/", "tags/c-win/", "tags/abs/"] {
        site.page(url);
    }
    assert!(!site.path().join("x").exists() && !site.path().join("public/../x").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_inside_the_site_only_and_loops_are_reported() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), format!("---\n{}---\n", fm("Secret", "ana", ""))).unwrap();
    let site = Site::new()
        .handoff("real", &fm("Real", "ana", ""), "")
        .write("notes/inside.md", &format!("---\n{}---\n", fm("Inside", "ana", "")));
    let content = site.path().join("content");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("secret.md")).unwrap();
    std::os::unix::fs::symlink(site.path().join("notes/inside.md"), content.join("inside.md")).unwrap();
    std::os::unix::fs::symlink(&content, content.join("loop")).unwrap();
    let run = site.run(&["build", "."]);
    run.assert_code(1)
        .assert_stderr_has("symbolic link loop")
        .assert_stderr_has("warning[unreadable]: symbolic link points outside the site folder");
    std::fs::remove_file(content.join("loop")).unwrap();
    site.build().assert_ok();
    site.page("handoffs/inside/");
    assert!(!site.public().join("handoffs/secret").exists());
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_clear_error() {
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "");
    std::fs::write(site.path().join("blocker"), "a file where a folder should be").unwrap();
    let run = site.run(&["build", ".", "--out", "blocker/public"]);
    run.assert_code(2).assert_stderr_has("error: creating ").assert_stderr_has("/blocker: ");
}

/// Runs `baton ARGS` in the site as a user the file permissions apply to. Root ignores them, so
/// as root the run drops to `nobody` with `setpriv` (util-linux), after giving it the site
/// folder; `None` when that is not possible, and the caller skips.
#[cfg(unix)]
fn run_without_root(site: &Site, args: &[&str]) -> Option<crate::harness::Run> {
    use std::os::unix::fs::MetadataExt as _;
    // A file this process creates belongs to its effective user.
    let as_root = tempfile::tempfile().ok()?.metadata().ok()?.uid() == 0;
    if !as_root {
        return Some(site.run(args));
    }
    const NOBODY: u32 = 65534;
    for entry in walkdir::WalkDir::new(site.path()) {
        std::os::unix::fs::chown(entry.ok()?.path(), Some(NOBODY), Some(NOBODY)).ok()?;
    }
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--", env!("CARGO_BIN_EXE_baton")])
        .args(args)
        .current_dir(site.path())
        .env("BATON_TODAY", "2026-11-20")
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // setpriv itself failing (not installed for this user, no permission to switch) is a skip.
    if stderr.starts_with("setpriv:") {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    Some(crate::harness::Run { code: output.status.code().unwrap_or(-1), stdout, stderr })
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_a_clear_error_and_the_old_output_stays() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "First version.\n").write("out/.keep", "");
    let Some(first) = run_without_root(&site, &["build", ".", "--out", "out/public"]) else {
        eprintln!("skipped: running as root without a way to drop privileges (setpriv), and root ignores permissions");
        return;
    };
    first.assert_ok();
    let output = site.path().join("out/public");
    let old = crate::harness::files_under(&output);
    assert!(!old.is_empty());
    site.replace("content/a.md", "First version.", "Second version.");
    let out = site.path().join("out");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = run_without_root(&site, &["build", ".", "--out", "out/public"]).expect("ran once already");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    run.assert_code(2).assert_stderr_has("/out, where the site is swapped in: Permission denied");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(crate::harness::files_under(&output), old, "the old output is intact");
}

#[test]
fn raw_html_and_script_urls_never_reach_the_page_live() {
    let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n<svg><script>alert(3)</script></svg>\n\n\
                   [a](javascript:alert(4)) [b](vbscript:x) [c](data:text/html,x) [d]( JaVaScRiPt:alert(5))\n";
    let site = Site::new()
        .write("people.yaml", "ana:\n  name: \"<b onmouseover=alert(6)>Ana</b>\"\n  contact: \"javascript:alert(7)\"\n")
        .handoff("a", &fm("A", "ana", "team: \"<i>x</i>\"\ntags: [\"\\\"><script>alert(8)</script>\"]\n"), hostile);
    site.build().assert_ok();
    for page in [site.page("handoffs/a/"), site.page("owners/ana/"), site.page("tags/script-alert-8-script/")] {
        for bad in [
            "<script>alert",
            "<img src=x",
            "<svg>",
            "<b onmouseover",
            "href=\"javascript:",
            "href=\"vbscript:",
            "href=\"data:",
            "<i>x</i>",
        ] {
            assert!(!page.to_lowercase().contains(&bad.to_lowercase()), "{bad} is live in:\n{page}");
        }
    }
}

#[test]
fn pages_carry_a_content_security_policy_and_no_inline_script() {
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "body\n");
    site.build().assert_ok();
    for page in [site.page(""), site.page("handoffs/a/"), site.page("attention/")] {
        assert!(
            page.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';"
            )
        );
        for (i, _) in page.match_indices("<script") {
            assert!(page[i..].split('>').next().unwrap_or("").contains(" src="), "inline script in:\n{page}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_a_complete_site() {
    let mut site = Site::new();
    let paragraph = "Word ".repeat(300);
    for i in 0..800 {
        site = site.handoff(
            &format!("h{i:04}"),
            &fm(&format!("Handoff {i}"), "ana", &format!("tags: [t{}]\n", i % 30)),
            &format!("## Notes\n\n{paragraph}\n"),
        );
    }
    site.build().assert_ok();
    let old = site.output_files();
    let site = site.handoff("h0000", &fm("Handoff zero, renamed", "ana", ""), "changed\n");
    let new_out = site.path().join("expected");
    site.run(&["build", ".", "--out", new_out.to_str().unwrap()]).assert_ok();
    let expected_new = crate::harness::files_under(&new_out);
    for delay_ms in [15, 60, 200, 500, 900] {
        let mut child = crate::harness::baton()
            .args(["build", "."])
            .current_dir(site.path())
            .env("BATON_TODAY", "2026-11-20")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().ok(); // SIGKILL: no destructor, no cleanup runs.
        child.wait().unwrap();
        let now = site.output_files();
        assert!(
            now == old || now == expected_new,
            "killed after {delay_ms} ms: the site is neither the old nor the new one"
        );
    }
    site.build().assert_ok();
    assert_eq!(site.output_files(), expected_new);
    let staging: Vec<_> = [site.path().to_path_buf(), site.path().join(".baton")]
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).unwrap().flatten())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(staging.is_empty(), "stale staging folders were cleaned up");
}

/// A rebuild into an existing output swaps the new site in at once and leaves the old one, in
/// `.baton/` beside it, to a detached `baton remove-old-site`, which deletes it and nothing else.
#[test]
fn the_previous_site_is_deleted_after_the_swap_in_the_background() {
    let site = Site::new().handoff("a", &fm("A", "ana", ""), "first version\n");
    site.build().assert_ok();
    // A file only the old site has, to tell the two apart.
    std::fs::write(site.public().join("only-in-the-old-site.txt"), "old").unwrap();
    let site = site.handoff("a", &fm("A", "ana", ""), "second version\n");
    site.build().assert_ok();
    assert!(!site.public().join("only-in-the-old-site.txt").exists(), "the new site is in place");
    assert!(site.page("handoffs/a/").contains("second version"));
    let leftovers = || -> Vec<String> {
        [site.path().to_path_buf(), site.path().join(".baton")]
            .iter()
            .flat_map(|folder| std::fs::read_dir(folder).unwrap().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".old-") || n.contains(".tmp-"))
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while !leftovers().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(leftovers(), Vec::<String>::new(), "the previous site was deleted");
    assert!(site.path().join("content").is_dir() && site.public().join("index.html").is_file());
}
