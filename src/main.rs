//! `residency`: the command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use residency::check::{self, Options};
use residency::config::Config;
use residency::diagnostic::Severity;
use residency::fix::{self, Applicability};
use residency::report::inventory::{Inventory, InventoryFormat};
use residency::report::{Format, Report};
use residency::rules;

/// Finds Azure identity resources (Entra ID B2C and External ID tenants, Domain Services, ...)
/// in ARM templates and Terraform, and reports where their data would live outside Europe.
#[derive(Parser)]
#[command(name = "residency", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every identity resource and data flow: where its data is stored or processed, the
    /// verdict against the boundary, the chain that proves it, and the findings that apply.
    Inventory(InventoryArgs),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for the clients that pass it (vscode-languageclient, some Neovim setups):
        /// stdin/stdout is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print a rule's documentation: `residency explain EU010`.
    Explain {
        /// Rule code or name, e.g. EU010 or domain-services-outside-europe.
        code: String,
    },
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(clap::Args)]
struct InventoryArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InventoryFormat::Markdown)]
    format: InventoryFormat,
    /// Write the inventory to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Also report which identity data locations were added, changed or removed since an
    /// earlier `--format json` inventory (`changes` in the JSON, a section in Markdown).
    #[arg(long, value_name = "PREVIOUS.json")]
    compare: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BoundaryArg {
    Europe,
    EuDataBoundary,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// What `check` and `inventory` read, and how.
#[derive(clap::Args)]
struct Inputs {
    /// Files or folders (default: the current folder).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Use this configuration file for every file instead of finding `.residency.yaml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A Terraform variable file Terraform does not load itself, as `terraform -var-file`:
    /// applied last to the nearest Terraform folder at or above it. Each one is an environment
    /// checked on its own (findings say "with variable file `prod.tfvars`"); repeat it for
    /// several.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// Boundary profile, overriding the configuration.
    #[arg(long, value_enum)]
    boundary: Option<BoundaryArg>,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the --format output to FILE, and text to stdout (for the log): one run gives CI a
    /// SARIF file, a GitLab report or a job summary, and people the findings.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Exit with 1 when more than N values deciding where identity data lives could not be
    /// proven (EU090 findings left after suppressions and the baseline), whatever --fail-on.
    #[arg(long, value_name = "N")]
    max_unknown: Option<usize>,
    /// Apply safe fixes to the files, then report what remains.
    ///
    /// A file marked read-only, or one you cannot write, is not fixed (exit 2, naming it). A
    /// symlink is written through to its target; a file with other hard links, or in a folder
    /// you cannot add files to, is rewritten in place. Otherwise the new text goes to a
    /// temporary file in the same folder, with the file's permissions, renamed over it. Just before that, the file must still be the
    /// version read (same file, length, modification time and bytes): a write by another
    /// program meanwhile is kept and the fix refused. The race a rename cannot close: a write
    /// landing between that last check and the rename (microseconds) is still lost, as no lock
    /// is taken; do not fix files another program is writing (see SECURITY.md).
    #[arg(long)]
    fix: bool,
    /// With --fix, apply unsafe fixes too (moving a region re-creates the resource).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// Record the current findings in FILE (a baseline for adopting residency in CI).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Report only findings not recorded in FILE (matched by file, rule and resource, not line).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// mimalloc instead of the system allocator: the bulk check spent a fifth of its instructions
/// in glibc's `malloc` and `free` (parse trees are many small allocations), and mimalloc cuts
/// its instructions by about a fifth (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its place in `mi_option_t` (mimalloc's `include/mimalloc.h`, the same
/// in v2 and v3), for which libmimalloc-sys names no constant.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// In the language server, freed memory goes back to the system after 100 ms rather than a
/// second (mimalloc v3's default). The server frees a document's trees after every lint: with the
/// 20 largest templates open it keeps 115 MiB resident instead of 154 MiB. At once (0 ms) it kept
/// 83 MiB, but every lint of the 3.3 MB template then faulted its memory in again: 34 ms from
/// edit to diagnostics instead of 21 ms (`cargo bench --bench lsp`, docs/performance.md).
/// `check` keeps the default: it frees little before it ends. `MIMALLOC_PURGE_DELAY` in the
/// environment decides when it is set.
#[allow(unsafe_code)]
fn purge_freed_memory_sooner_in_the_server() {
    let server = std::env::args_os().nth(1).is_some_and(|a| a == "lsp");
    if !server || std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mimalloc's options are not thread safe: this runs first in `main`, before any
    // other thread exists. The option is an integer that only mimalloc's purging reads.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) }
}

fn main() -> ExitCode {
    purge_freed_memory_sooner_in_the_server();
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Inventory(args) => run_inventory(args),
        Command::Lsp { stdio: _ } => match residency::lsp::run_stdio() {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                eprintln!("residency lsp: {e}");
                ExitCode::from(2)
            }
        },
        Command::Explain { code } => match rules::meta(&code) {
            Some(meta) => write_stdout(&rules::documentation(meta)),
            None => {
                eprintln!(
                        "residency explain: `{code}` is not a rule code or name.{} `residency rules` lists them.",
                        rules::did_you_mean(&code)
                    );
                ExitCode::from(2)
            }
        },
        Command::Rules { format } => {
            let text = match format {
                ListFormat::Text => rules::CATALOG
                    .iter()
                    .map(|m| {
                        format!(
                            "{:<6} {:<36} {:<8} {}\n",
                            m.code,
                            m.name,
                            m.default_level(),
                            m.summary
                        )
                    })
                    .collect::<String>(),
                ListFormat::Json => {
                    let list: Vec<_> = rules::CATALOG
                        .iter()
                        .map(|m| {
                            serde_json::json!({
                                "code": m.code, "name": m.name, "severity": m.default_severity.as_str(),
                                "default": m.default_level(),
                                "summary": m.summary, "help_uri": m.help_uri(),
                            })
                        })
                        .collect();
                    format!(
                        "{}\n",
                        serde_json::to_string_pretty(&list).unwrap_or_default()
                    )
                }
            };
            write_stdout(&text)
        }
    }
}

fn write_stdout(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("residency: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inventory(args: InventoryArgs) -> ExitCode {
    let config = match args.inputs.config.as_deref().map(Config::load).transpose() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("residency: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        config,
        overrides: overrides_of(args.inputs.boundary),
        var_files: args.inputs.var_files,
        inventory: true,
        ..Options::default()
    };
    let outcome = match check::check_paths(&args.inputs.paths, &options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("residency: {e}");
            return ExitCode::from(2);
        }
    };
    for (path, why) in &outcome.not_checked {
        eprintln!("residency: {} was not read: {why}.", path.display());
    }
    let previous = match &args.compare {
        None => None,
        Some(path) => match read_inventory(path) {
            Ok(doc) => Some((path.display().to_string(), doc)),
            Err(e) => {
                eprintln!("residency: --compare {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let inventory = Inventory {
        items: &outcome.inventory,
        files_checked: outcome.files_checked,
        sources: &outcome.sources,
        previous: previous.as_ref().map(|(name, doc)| (name.as_str(), doc)),
    };
    let mut text = Vec::new();
    if let Err(e) = inventory.write(args.format, &mut text) {
        eprintln!("residency: cannot write the inventory: {e}");
        return ExitCode::from(2);
    }
    let written = match &args.output_file {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&text).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write output: {e}"))
                }
                _ => Ok(()),
            }
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("residency: {e}");
            ExitCode::from(2)
        }
    }
}

/// An earlier inventory, for `--compare`.
fn read_inventory(path: &std::path::Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    residency::report::inventory::drift::validate(&doc)?;
    Ok(doc)
}

/// `--boundary`, as configuration overrides.
fn overrides_of(boundary: Option<BoundaryArg>) -> residency::config::Overrides {
    residency::config::Overrides {
        boundary: boundary.map(|b| match b {
            BoundaryArg::Europe => residency::regions::Boundary::Europe,
            BoundaryArg::EuDataBoundary => residency::regions::Boundary::EuDataBoundary,
        }),
        ..Default::default()
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    let config = match &args.inputs.config {
        Some(path) => match Config::load(path) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("residency: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let overrides = overrides_of(args.inputs.boundary);
    let progress = progress_bar();
    let mut options = Options {
        config: config.clone(),
        overrides: overrides.clone(),
        var_files: args.inputs.var_files.clone(),
        ..Options::default()
    };
    if let Some(bar) = &progress {
        let (b1, b2) = (bar.clone(), bar.clone());
        options.on_start = Some(Box::new(move |n| {
            b1.set_style(checking_style());
            b1.set_length(n);
        }));
        options.on_progress = Some(Box::new(move |n| b2.inc(n)));
    }
    let checked = check::check_paths(&args.inputs.paths, &options);
    // Cleared before anything else is written, so no line is glued to it.
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let mut outcome = match checked {
        Ok(o) => o,
        Err(e) => {
            eprintln!("residency: {e}");
            return ExitCode::from(2);
        }
    };
    for (path, why) in &outcome.not_checked {
        eprintln!("residency: {} was not checked: {why}.", path.display());
    }
    if args.fix {
        let applicability = if args.unsafe_fixes {
            Applicability::All
        } else {
            Applicability::Safe
        };
        let sources = &outcome.sources;
        let applied = fix::apply(&outcome.diagnostics, applicability, &|p| {
            sources.get(p).cloned()
        });
        let edits: usize = applied.files.iter().map(|(_, n)| n).sum();
        if edits > 0 {
            eprintln!("Fixed {edits} value(s) in {} file(s).", applied.files.len());
        }
        if applied.skipped_conflicts > 0 {
            eprintln!(
                "Skipped {} fix(es) that overlap another; run again to apply them.",
                applied.skipped_conflicts
            );
        }
        if !applied.refused.is_empty() {
            for message in &applied.refused {
                eprintln!("residency: {message}");
            }
            return ExitCode::from(2);
        }
        if !applied.files.is_empty() {
            // Report what remains after the fixes.
            let options = Options {
                config,
                overrides,
                var_files: args.inputs.var_files.clone(),
                ..Options::default()
            };
            match check::check_paths(&args.inputs.paths, &options) {
                Ok(o) => outcome = o,
                Err(e) => {
                    eprintln!("residency: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    if let Some(path) = &args.write_baseline {
        if let Err(e) = residency::baseline::Baseline::of(&outcome.diagnostics, path).save(path) {
            eprintln!("residency: {e}");
            return ExitCode::from(2);
        }
        eprintln!(
            "Recorded {} finding(s) in {}.",
            outcome.diagnostics.len(),
            path.display()
        );
    }
    if let Some(path) = &args.baseline {
        match residency::baseline::Baseline::load(path) {
            Ok(baseline) => {
                let all = std::mem::take(&mut outcome.diagnostics);
                outcome.diagnostics = baseline.new_findings(all);
            }
            Err(e) => {
                eprintln!("residency: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let report = Report {
        diagnostics: &outcome.diagnostics,
        files_checked: outcome.files_checked,
        sources: &outcome.sources,
        suppressed: &outcome.suppressed,
        link_base: github_link_base(),
    };
    let stdout_format = match &args.output_file {
        Some(path) => {
            let mut text = Vec::new();
            let written = report
                .write(args.format, &mut text, false)
                .and_then(|()| std::fs::write(path, text));
            if let Err(e) = written {
                eprintln!("residency: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
            Format::Text
        }
        None => args.format,
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = report
        .write(stdout_format, &mut stdout, color)
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("residency: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    // Writing a baseline accepts the findings it records.
    let failed = args.write_baseline.is_none()
        && (threshold.is_some_and(|t| outcome.diagnostics.iter().any(|d| d.severity >= t))
            || args
                .max_unknown
                .is_some_and(|n| residency::report::unknown_locations(&outcome.diagnostics) > n));
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// In a GitHub Actions job, where the checked-out files can be browsed at this commit
/// (`$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/`), for the Markdown summary's links.
/// Paths are relative to the current folder, so the links are right when it is the workspace.
fn github_link_base() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (server, repository, sha) = (
        var("GITHUB_SERVER_URL")?,
        var("GITHUB_REPOSITORY")?,
        var("GITHUB_SHA")?,
    );
    Some(format!(
        "{}/{repository}/blob/{sha}/",
        server.trim_end_matches('/')
    ))
}

/// The bar once the files to check are known.
fn checking_style() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(
        "{spinner} checking {pos}/{len} files {wide_bar} {elapsed}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    // While the tree is walked, the number of files is not known yet: a spinner, no bar.
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} finding files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    // Short runs finish before the bar would be worth drawing.
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}
