//! `check` is the CI gate: a site it passes must build. One test per way a build used to fail
//! after a green check, names that are not ASCII, and a property test over many small random
//! sites asserting that check and build agree.

use crate::harness::{Site, fm};

#[test]
fn a_missing_theme_fails_check_at_the_setting() {
    let site = Site::new().write("baton.yaml", "title: T\ntheme: quillmark\n").handoff("a", &fm("A", "ana", ""), "");
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("error[theme-not-found]")
        .assert_stderr_has("baton.yaml:2:8");
    site.build().assert_code(1).assert_stderr_has("error[theme-not-found]");
}

#[test]
fn a_theme_template_that_does_not_compile_fails_check_at_its_line() {
    let site = Site::new()
        .write("baton.yaml", "title: T\ntheme: t\n")
        .write("themes/t/templates/handoff.html", "<h1>\n{{ page.title </h1>\n")
        .handoff("a", &fm("A", "ana", ""), "");
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("error[theme-template]")
        .assert_stderr_has("themes/t/templates/handoff.html:2");
}

#[test]
fn a_theme_template_that_fails_to_render_fails_check() {
    let site = Site::new()
        .write("baton.yaml", "title: T\ntheme: t\n")
        .write("themes/t/templates/handoff.html", "{{ page.no_such_field.x }}\n")
        .handoff("a", &fm("A", "ana", ""), "");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("themes/t/templates/handoff.html");
    assert!(!site.public().exists());
}

#[test]
fn an_id_too_long_for_a_file_name_fails_check() {
    let id = "a".repeat(300);
    let site = Site::new().handoff("a", &fm("A", "ana", &format!("id: {id}\n")), "");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("error[bad-id]").assert_stderr_has("content/a.md:4:5");
}

#[test]
fn a_team_or_tag_without_letters_is_reported_not_dropped() {
    let site = Site::new().handoff("a", &fm("A", "ana", "team: \"!!!\"\ntags: [ledger, \"++\"]\n"), "");
    site.run(&["check", "."])
        .assert_code(1)
        .assert_stderr_has("`!!!` has no letter or digit")
        .assert_stderr_has("content/a.md:4:7")
        .assert_stderr_has("`++` has no letter or digit");
    site.build().assert_code(1);
}

#[test]
fn a_static_file_where_a_page_needs_a_folder_fails_check() {
    let site = Site::new().write("static/tags", "not a folder").handoff("a", &fm("A", "ana", ""), "");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("error[output-path]").assert_stderr_has("static/tags");
    site.build().assert_code(1);
}

#[test]
fn a_static_file_may_not_replace_a_generated_page() {
    let site = Site::new().write("static/index.html", "mine").handoff("a", &fm("A", "ana", ""), "");
    site.run(&["check", "."]).assert_code(1).assert_stderr_has("error[output-collision]");
}

#[test]
fn names_that_differ_beyond_spelling_on_one_page_are_a_warning() {
    let site =
        Site::new().handoff("a", &fm("A", "ana", "tags: [C]\n"), "").handoff("b", &fm("B", "ana", "tags: [C++]\n"), "");
    site.run(&["check", "."])
        .assert_ok()
        .assert_stderr_has("warning[slug-collision]")
        .assert_stderr_has("content/b.md:4");
}

#[test]
fn a_file_name_that_is_not_ascii_gives_a_transliterated_id() {
    let site =
        Site::new().write("content/Ünïcode Straße.md", &format!("---\n{}---\n", fm("U", "ana", "tags: [Größe]\n")));
    site.run(&["check", "."]).assert_ok();
    site.build().assert_ok();
    assert!(site.page("handoffs/unicode-strasse/").contains("U"));
    assert!(site.page("tags/grosse/").contains("Größe"));
}

#[test]
fn new_transliterates_the_title_and_takes_an_id() {
    let site = Site::new();
    site.run(&["new", "Große Migration", "--owner", "ana"]).assert_ok();
    assert!(site.path().join("content/grosse-migration.md").exists());
    site.run(&["new", "Something else", "--id", "grosse-migration", "--owner", "ana"])
        .assert_code(2)
        .assert_stderr_has("the id `grosse-migration` is taken");
    site.run(&["new", "Other", "--id", "Not An Id", "--owner", "ana"]).assert_code(2).assert_stderr_has("--id:");
    site.run(&["new", "!!!", "--owner", "ana"]).assert_code(2).assert_stderr_has("pass --id");
    site.run(&["new", "!!!", "--id", "bangs", "--owner", "ana"]).assert_ok();
    site.run(&["check", "."]).assert_ok();
}

/// A small deterministic generator (xorshift64*), so a failing case is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Each kind of value comes from a list of good ones and a list of ones that stop a build; a
/// bad one is drawn [`BAD_PERCENT`] of the time, so about half the sites pass.
const BAD_PERCENT: usize = 7;

struct Pool {
    good: &'static [&'static str],
    bad: &'static [&'static str],
}

const NAMES: Pool = Pool {
    good: &[
        "ledger export",
        "Month-End Close",
        "Große Migration",
        "Ünïcode Straße",
        "数据平台",
        "café déjà vu",
        "C++",
        "a:b",
        "x",
    ],
    bad: &["!!!", "..", "LONG"],
};
const TAGS: Pool = Pool {
    good: &["ledger", "Month End", "month-end", "C++", "C", "Größe", "数据", "🚀", ""],
    bad: &["++", "LONG"],
};
const TEAMS: Pool =
    Pool { good: &["Payments", "Data Platform", "data-platform", "Plattform Ü"], bad: &["!!!", "LONG"] };
const STATUSES: Pool = Pool { good: &["draft"], bad: &["ready", "done", "in-progress", "blocked", "bogus"] };
const OWNERS: Pool = Pool { good: &["ana", "kofi"], bad: &["mei.lin", "Bad Owner", "LONG"] };
const THEMES: Pool = Pool { good: &["none", "good", "asset"], bad: &["missing", "syntax", "render", "bad-asset"] };
const HOSTS: Pool = Pool { good: &["none", "none", "cloudflare-pages"], bad: &["tiny"] };
const STATICS: Pool =
    Pool { good: &["img/flow.svg", "robots.txt"], bad: &["tags", "index.html", "search/x.bin", "a:b.txt"] };

/// A value from `pool`; `LONG` stands for a name too long for a file name.
fn draw(pool: &Pool, rng: &mut Rng) -> String {
    let list = if rng.chance(BAD_PERCENT) { pool.bad } else { pool.good };
    match rng.pick(list) {
        "LONG" => "long-name-".repeat(18 + rng.below(12)),
        text => text.to_string(),
    }
}

/// One random site: a few handoffs with random ids, tags, teams, statuses and dependencies, a
/// theme that may be missing or broken, a host whose caps it may pass, and a few static files.
fn random_site(rng: &mut Rng) -> Site {
    let mut site = Site::new().write("people.yaml", "ana:\n  team: Payments\nkofi:\n  team: Data Platform\n");
    let theme = draw(&THEMES, rng);
    let mut config = String::from("title: T\n");
    match theme.as_str() {
        "none" => {}
        "missing" => config += "theme: gone\n",
        _ => config += "theme: t\n",
    }
    match draw(&HOSTS, rng).as_str() {
        "none" => {}
        // No site fits in 20 files (the style sheets, scripts and search index alone are more).
        "tiny" => config += "host: {name: Tiny, max_files: 20}\nrules: {over-host-limit: error}\n",
        host => config += &format!("host: {host}\n"),
    }
    if config != "title: T\n" {
        site = site.write("baton.yaml", &config);
    }
    site = match theme.as_str() {
        "good" => site.write("themes/t/templates/handoff.html", "<h1>{{ title }}</h1>\n"),
        "syntax" => site.write("themes/t/templates/handoff.html", "<h1>{{ title </h1>\n"),
        "render" => site.write("themes/t/templates/owner.html", "{{ page.nothing.here }}\n"),
        "asset" => site.write("themes/t/static/style.css", "body {}\n"),
        "bad-asset" => site.write("themes/t/static/x:y.css", "body {}\n"),
        _ => site,
    };
    for _ in 0..rng.below(3) {
        site = site.write(&format!("static/{}", draw(&STATICS, rng)), "x");
    }
    let mut ids: Vec<String> = Vec::new();
    for n in 0..1 + rng.below(4) {
        let name = draw(&NAMES, rng);
        let mut extra = String::new();
        if rng.chance(40) {
            extra += &format!("id: \"{}\"\n", baton_kb::slug::slugify(&name));
        }
        let stem: String = name.chars().filter(|c| !matches!(c, '/' | '\0')).take(60).collect();
        let stem = if stem.trim_matches('.').is_empty() { format!("dots{n}") } else { format!("{stem}{n}") };
        extra += &format!("status: {}\n", draw(&STATUSES, rng));
        if rng.chance(50) {
            extra += &format!("team: \"{}\"\n", draw(&TEAMS, rng));
        }
        let tags: Vec<String> = (0..rng.below(3)).map(|_| format!("\"{}\"", draw(&TAGS, rng))).collect();
        extra += &format!("tags: [{}]\n", tags.join(", "));
        if rng.chance(30) && !ids.is_empty() {
            let dep = if rng.chance(BAD_PERCENT) { "nope".to_string() } else { ids[rng.below(ids.len())].clone() };
            extra += &format!("depends_on: [\"{dep}\"]\n");
        }
        if !extra.starts_with("id:") {
            ids.push(baton_kb::slug::slugify(&stem));
        } else {
            ids.push(baton_kb::slug::slugify(&name));
        }
        let title = format!("\"{name}\"");
        let owner = draw(&OWNERS, rng);
        site = site
            .write(&format!("content/{stem}.md"), &format!("---\n{}---\nBody of {n}.\n", fm(&title, &owner, &extra)));
    }
    site
}

/// What the library says of a site: the exit code `baton check` would give (0 passed, 1
/// findings, 2 a rehearsal that failed outright), and whether build writes it.
fn check_and_build(site: &Site) -> (i32, Result<bool, String>) {
    use baton_kb::diagnostic::Diagnostics;
    let today: jiff::Timestamp = "2026-11-20T00:00:00Z".parse().expect("date");
    let mut diagnostics = Diagnostics::default();
    let mut loaded = baton_kb::build::load_site(site.path(), &mut diagnostics).expect("load");
    baton_kb::build::check_site(&mut loaded, today, &mut diagnostics);
    let rehearsal = baton_kb::build::check_buildable(site.path(), &loaded, today, &mut diagnostics);
    let check_code = match rehearsal {
        Err(_) => 2,
        Ok(()) if diagnostics.has_errors() => 1,
        Ok(()) => 0,
    };
    let options =
        baton_kb::build::BuildOptions { site: site.path().to_path_buf(), out: site.public(), base_url: None, today };
    let built = baton_kb::build::build(&options, &mut Diagnostics::default());
    (check_code, built.map(|(_, summary)| summary.written).map_err(|e| format!("{e:#}")))
}

fn describe(site: &Site) -> String {
    crate::harness::files_under(site.path())
        .into_iter()
        .map(|(path, bytes)| format!("== {path}\n{}", String::from_utf8_lossy(&bytes)))
        .collect()
}

/// The property: on every site, check passes exactly when build succeeds, and build never fails
/// with an I/O error (exit 2) that check did not foresee. Every eighth site goes through the
/// binary as well; the rest through the library, which is faster.
#[test]
fn check_passes_exactly_when_build_succeeds_on_random_sites() {
    let mut rng = Rng(0x5eed_ba70_2026_1120);
    let (mut passed, mut failed) = (0, 0);
    for case in 0..40 {
        let site = random_site(&mut rng);
        let (check_code, built) = check_and_build(&site);
        let check_ok = check_code == 0;
        // A theme whose template fails on this site stops the build as baton's error (exit 2);
        // check must have reported it.
        let build_code = match &built {
            Ok(written) => {
                assert_eq!(check_ok, *written, "case {case}: check and build disagree on:\n{}", describe(&site));
                if *written { 0 } else { 1 }
            }
            Err(e) => {
                assert!(!check_ok, "case {case}: build failed with `{e}` after check passed on:\n{}", describe(&site));
                2
            }
        };
        if case % 8 == 0 {
            let check = site.run(&["check", "."]).code;
            let build = site.build().code;
            assert_eq!((check, build), (check_code, build_code), "case {case}:\n{}", describe(&site));
        }
        if check_ok { passed += 1 } else { failed += 1 }
    }
    // A generator that makes only broken (or only clean) sites would test nothing.
    assert!(passed >= 5 && failed >= 5, "{passed} passed, {failed} failed");
}
