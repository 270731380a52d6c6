//! Whether the folder a command is pointed at is a site.
//!
//! Every command that works on a site (check, build, serve, new, wrap, digest, export, graph,
//! search) asks [`require_site`] before it reads or writes anything. A folder with neither
//! `baton.yaml` nor `content/` is not a site: checked, it would pass with "0 handoffs", so a CI job
//! pointed at the wrong folder stays green while checking nothing, and `new` would write a handoff
//! where no build will find it. This is the one place that says what a site folder is.

use std::path::Path;

/// Ok when `site` is a folder holding `baton.yaml` or `content/`; otherwise an error naming the
/// folder, with the command that makes one.
pub(super) fn require_site(site: &Path) -> anyhow::Result<()> {
    let shown = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    let shown = shown.display();
    let init = format!("baton init {}", site.display());
    match std::fs::metadata(site) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            anyhow::bail!(
                "the site folder {shown} does not exist: point the command at your site, or make one with `{init}`"
            )
        }
        Err(e) => anyhow::bail!("reading the site folder {shown}: {e}"),
        Ok(meta) if !meta.is_dir() => anyhow::bail!("{shown} is a file, not a site folder"),
        Ok(_) => {}
    }
    let is_site = site.join("baton.yaml").is_file() || site.join("content").is_dir();
    anyhow::ensure!(
        is_site,
        "{shown} is not a baton site: it has neither baton.yaml nor a content/ folder. \
         Point the command at your site folder, or start a site in this one with `{init}`"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_settings_or_content_is_a_site() {
        let dir = tempfile::tempdir().unwrap();
        let settings_only = dir.path().join("a");
        std::fs::create_dir(&settings_only).unwrap();
        std::fs::write(settings_only.join("baton.yaml"), "title: T\n").unwrap();
        let content_only = dir.path().join("b");
        std::fs::create_dir_all(content_only.join("content")).unwrap();
        assert!(require_site(&settings_only).is_ok());
        assert!(require_site(&content_only).is_ok());
    }

    #[test]
    fn anything_else_is_refused_with_the_folder_named() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let message = format!("{:#}", require_site(&empty).unwrap_err());
        assert!(message.contains(&format!("{} is not a baton site", empty.display())), "{message}");
        assert!(message.contains(&format!("`baton init {}`", empty.display())), "{message}");

        // A content file or a settings folder of the wrong kind does not make a site.
        std::fs::write(empty.join("content"), "").unwrap();
        std::fs::create_dir(empty.join("baton.yaml")).unwrap();
        assert!(require_site(&empty).is_err());

        let missing = dir.path().join("missing");
        assert!(format!("{:#}", require_site(&missing).unwrap_err()).contains("does not exist"));
        assert!(format!("{:#}", require_site(&empty.join("content")).unwrap_err()).contains("is a file"));
    }
}
