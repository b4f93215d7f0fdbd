//! What `--fix` promises about the files it writes (issue 11): a read-only file or one the user
//! cannot write is refused with a message naming it, a symlink stays a symlink and its target
//! is fixed, hard links stay one file, and the owner and permissions are kept.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use crate::cli_support::*;

/// A Terraform managed domain with a typo in its region: one safe fix (EU091).
fn typo() -> String {
    tf_domain_services("dc", "\"westeurpe\"")
}

fn fixed() -> String {
    replace_once(&typo(), "\"westeurpe\"", "\"westeurope\"")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The names in `dir`: no temporary file may be left behind.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_read_only_file_is_refused_and_the_others_are_fixed() {
    let dir = tree(&[("ro/main.tf", &typo()), ("rw/main.tf", &typo())]);
    let read_only = dir.path().join("ro/main.tf");
    chmod(&read_only, 0o444);
    // Root may write anything, yet a file marked read-only is refused for root too.
    let run = residency(dir.path(), ["check", "--fix", "ro", "rw"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("ro/main.tf") && run.stderr.contains("read-only"),
        "the message names the file and says why:\n{}",
        run.stderr
    );
    assert_file(dir.path(), "ro/main.tf", typo());
    assert_eq!(mode(&read_only), 0o444);
    assert_file(dir.path(), "rw/main.tf", fixed());
    assert_eq!(names_in(&dir.path().join("ro")), ["main.tf"]);
}

#[test]
fn a_file_the_user_cannot_write_is_refused_naming_it() {
    // A file of root's (0644) in a folder anyone may write: a rename would replace it, and
    // give it to the user who ran the fix.
    let dir = tree(&[("infra/main.tf", &typo())]);
    chmod(dir.path(), 0o755);
    chmod(&dir.path().join("infra"), 0o777);
    if !running_as_root() {
        // Not root: a file of this user's that others may write, but not its owner.
        chmod(&dir.path().join("infra/main.tf"), 0o466);
    }
    let before = std::fs::metadata(dir.path().join("infra/main.tf")).unwrap();
    let run = residency_unprivileged(dir.path(), ["check", "--fix", "infra"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("infra/main.tf"),
        "the message names the file:\n{}",
        run.stderr
    );
    assert_file(dir.path(), "infra/main.tf", typo());
    let after = std::fs::metadata(dir.path().join("infra/main.tf")).unwrap();
    assert_eq!((after.ino(), after.uid()), (before.ino(), before.uid()));
    assert_eq!(names_in(&dir.path().join("infra")), ["main.tf"]);
}

#[test]
fn a_writable_file_in_a_folder_the_user_cannot_write_is_fixed_in_place() {
    // The file may be written, its folder not: no temporary file can be created there, so the
    // file is rewritten in place (same inode) rather than refused. This used to say
    // `Permission denied (os error 13)` and nothing else, then refused the file.
    let dir = tree(&[("infra/main.tf", &typo())]);
    chmod(dir.path(), 0o755);
    chmod(&dir.path().join("infra/main.tf"), 0o666);
    chmod(&dir.path().join("infra"), 0o555);
    let before = std::fs::metadata(dir.path().join("infra/main.tf")).unwrap();
    let run = residency_unprivileged(dir.path(), ["check", "--fix", "infra"]);
    chmod(&dir.path().join("infra"), 0o755);
    run.expect_code(0);
    assert_file(dir.path(), "infra/main.tf", fixed());
    let after = std::fs::metadata(dir.path().join("infra/main.tf")).unwrap();
    assert_eq!(after.ino(), before.ino(), "written in place");
    assert_eq!(mode(&dir.path().join("infra/main.tf")), 0o666);
    assert_eq!(names_in(&dir.path().join("infra")), ["main.tf"]);
}

#[test]
fn a_symlink_named_on_the_command_line_is_written_through() {
    let dir = tree(&[("shared/dc.tf", &typo()), ("infra/.keep", "")]);
    chmod(&dir.path().join("shared/dc.tf"), 0o640);
    std::os::unix::fs::symlink("../shared/dc.tf", dir.path().join("infra/main.tf")).unwrap();
    residency(dir.path(), ["check", "--fix", "infra/main.tf"]).expect_code(0);
    let link = std::fs::symlink_metadata(dir.path().join("infra/main.tf")).unwrap();
    assert!(link.file_type().is_symlink(), "the symlink was replaced");
    assert_file(dir.path(), "shared/dc.tf", fixed());
    assert_eq!(mode(&dir.path().join("shared/dc.tf")), 0o640);
    assert_eq!(names_in(&dir.path().join("shared")), ["dc.tf"]);
    assert_eq!(names_in(&dir.path().join("infra")), [".keep", "main.tf"]);
}

#[test]
fn hard_links_stay_one_file() {
    let dir = tree(&[("a/main.tf", &typo()), ("b/.keep", "")]);
    std::fs::hard_link(dir.path().join("a/main.tf"), dir.path().join("b/main.tf")).unwrap();
    let before = std::fs::metadata(dir.path().join("a/main.tf")).unwrap();
    residency(dir.path(), ["check", "--fix", "a"]).expect_code(0);
    assert_file(dir.path(), "a/main.tf", fixed());
    assert_file(dir.path(), "b/main.tf", fixed());
    let after = std::fs::metadata(dir.path().join("a/main.tf")).unwrap();
    assert_eq!((after.ino(), after.nlink()), (before.ino(), 2));
    assert_eq!(names_in(&dir.path().join("a")), ["main.tf"]);
}

#[test]
fn the_owner_and_permissions_are_kept() {
    let dir = tree(&[("infra/main.tf", &typo())]);
    let path = dir.path().join("infra/main.tf");
    if running_as_root() {
        // Root fixes a file of another user's: the new file is theirs, not root's.
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    }
    chmod(&path, 0o2750);
    let before = std::fs::metadata(&path).unwrap();
    residency(dir.path(), ["check", "--fix", "infra"]).expect_code(0);
    assert_file(dir.path(), "infra/main.tf", fixed());
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (after.uid(), after.gid(), mode(&path)),
        (before.uid(), before.gid(), 0o2750)
    );
    assert_eq!(names_in(&dir.path().join("infra")), ["main.tf"]);
}

/// `check --help` says what `--fix` cannot promise, as SECURITY.md does.
#[test]
fn the_fix_help_names_the_race_a_rename_cannot_close() {
    let dir = tree(&[]);
    let help = residency(dir.path(), ["check", "--help"]);
    help.expect_code(0);
    let help = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "The race a rename cannot close",
        "between that last check and the rename",
        "is still lost",
    ] {
        assert!(help.contains(words), "--help lacks {words:?}:\n{help}");
    }
}
