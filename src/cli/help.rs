//! `--help` in the person's language.
//!
//! The command tree comes from the clap derive in `cli/mod.rs`; its doc
//! comments are the English source. Here the tree is walked and every
//! command's and argument's help is replaced by the catalogue's message
//! (`src/text/locales/*/cli.ftl`), found by an id derived from the names:
//!
//! - `cli-about`, `cli-long-about`, `cli-after-help`: optout itself;
//! - `cli-status-about`, `cli-status-long-about`: a command (subcommands
//!   join their names: `cli-service-install-about`);
//! - `cli-status-arg-json`, `cli-status-arg-json-long`: its arguments;
//! - `cli-arg-config`, `cli-arg-help`: global arguments, the same everywhere.
//!
//! The `*-long*` messages are optional; the others are required, and
//! `tests/text_catalogue.rs` walks the tree to prove they exist. The
//! language is the locale's: `[alerts] language` is in the config, which
//! is not read before the arguments are parsed.

use crate::text::{self, Lang};
use clap::builder::StyledStr;
use clap::{Arg, Command};

/// The catalogue id prefix of a command: `cli` for optout, `cli-status`,
/// `cli-service-install`.
/// Under `optout help` (and `optout service help`) clap repeats the tree:
/// `help status` shares the messages of `status`.
fn prefix(path: &[&str]) -> String {
    let mut path: Vec<&str> = path.to_vec();
    if let Some(i) = path.iter().position(|p| *p == "help") {
        let rest = &path[i + 1..];
        path = if rest.is_empty() || rest == ["help"] {
            vec!["help"]
        } else {
            [&path[..i], rest].concat()
        };
    }
    std::iter::once("cli")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// The id of an argument's help line.
fn arg_id(cmd_prefix: &str, arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    if arg.is_global_set() || id == "help" || id == "version" {
        format!("cli-arg-{id}")
    } else {
        format!("{cmd_prefix}-arg-{id}")
    }
}

/// Every catalogue id the help of `cmd` (built) needs, with whether it is
/// required: for the completeness test.
pub fn help_ids(cmd: &Command) -> Vec<(String, bool)> {
    let mut out = vec![("cli-after-help".to_owned(), true)];
    collect_ids(cmd, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn collect_ids<'a>(cmd: &'a Command, path: &mut Vec<&'a str>, out: &mut Vec<(String, bool)>) {
    let p = prefix(path);
    out.push((format!("{p}-about"), true));
    for arg in cmd.get_arguments() {
        let id = arg_id(&p, arg);
        if id == "cli-arg-help" {
            out.push(("cli-arg-help-more".to_owned(), true));
            out.push(("cli-arg-help-long".to_owned(), true));
        }
        out.push((id, true));
    }
    for sub in cmd.get_subcommands() {
        path.push(sub.get_name());
        collect_ids(sub, path, out);
        path.pop();
    }
}

/// The command tree with every help text from the catalogue in `lang`.
pub fn localized(mut cmd: Command, lang: Lang) -> Command {
    // Build first: clap adds --help, --version and the `help` command, and
    // copies global arguments into the subcommands, only while building.
    cmd.build();
    let usage = cmd.get_styles().get_usage().render().to_string();
    let reset = cmd.get_styles().get_usage().render_reset().to_string();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}:{reset} {{usage}}\n\n{{all-args}}{{after-help}}",
        text::get(lang, "cli-heading-usage", None)
    );
    let cmd = cmd.after_help(text::get(lang, "cli-after-help", None));
    localize(cmd, &mut Vec::new(), lang, &template)
}

fn localize(mut cmd: Command, path: &mut Vec<String>, lang: Lang, template: &str) -> Command {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let p = prefix(&names);
    if let Some(about) = message(lang, &format!("{p}-about")) {
        cmd = cmd.about(about);
    }
    cmd = match message(lang, &format!("{p}-long-about")) {
        Some(long) => cmd.long_about(long),
        None => cmd.long_about(None::<&'static str>),
    };
    cmd = cmd
        .help_template(StyledStr::from(template.to_owned()))
        .subcommand_help_heading(text::get(lang, "cli-heading-commands", None))
        .subcommand_value_name(text::get(lang, "cli-value-command", None));

    let args: Vec<(clap::Id, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), a.is_positional()))
        .collect();
    let positional = text::get(lang, "cli-heading-arguments", None);
    let options = text::get(lang, "cli-heading-options", None);
    for (id, is_positional) in args {
        cmd = cmd.mut_arg(id, |arg| {
            let aid = arg_id(&p, &arg);
            let mut arg = arg.help_heading(if is_positional {
                positional.clone()
            } else {
                options.clone()
            });
            // clap's --help says "see more with '--help'" where the long
            // help differs: so does ours.
            let has_long = arg.get_long_help().is_some();
            let help_id = if aid == "cli-arg-help" && has_long {
                "cli-arg-help-more".to_owned()
            } else {
                aid.clone()
            };
            // clap writes "[default: …]" and "[env: …]" in English: the
            // same notes, in `lang`, at the end of the help line.
            let notes = notes(&arg, lang);
            if !notes.is_empty() {
                arg = arg
                    .hide_default_value(true)
                    .hide_env(true)
                    .hide_possible_values(true);
            }
            if let Some(help) = message(lang, &help_id) {
                arg = arg.help(format!("{help}{notes}"));
            }
            if aid == "cli-arg-help" && !has_long {
                return arg;
            }
            match message(lang, &format!("{aid}-long")) {
                Some(long) => arg.long_help(format!("{long}{notes}")),
                None => arg.long_help(None::<&'static str>),
            }
        });
    }

    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |sub| {
            path.push(name.clone());
            let sub = localize(sub, path, lang, template);
            path.pop();
            sub
        });
    }
    cmd
}

/// The default value and the environment variable of an argument, as
/// clap would show them, in `lang`: " [Standard: 30m]".
fn notes(arg: &Arg, lang: Lang) -> String {
    let mut out = String::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if arg.get_action().takes_values() && !values.is_empty() && !arg.is_hide_possible_values_set() {
        out.push_str(&format!(
            " [{}: {}]",
            text::get(lang, "cli-possible-values", None),
            values.join(", ")
        ));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if arg.get_action().takes_values() && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        out.push_str(&format!(
            " [{}: {}]",
            text::get(lang, "cli-default", None),
            defaults.join(", ")
        ));
    }
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        out.push_str(&format!(
            " [{}: {}]",
            text::get(lang, "cli-env", None),
            env.to_string_lossy()
        ));
    }
    out
}

/// A message if the catalogue has it (a command added without one keeps
/// its English doc comment; the catalogue test reports it).
fn message(lang: Lang, id: &str) -> Option<String> {
    text::has(lang, id).then(|| text::get(lang, id, None))
}

/// `optout man`: the manual page on stdout, or one page per command in
/// `out` (for packagers: `optout man --out /usr/share/man/man1`).
pub fn man(cmd: Command, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    use anyhow::Context;
    match out {
        None => {
            let mut stdout = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut stdout)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| {
                crate::t!(
                    Lang::from_env(),
                    "cli-man-cannot-write",
                    dir = dir.display()
                )
            })?;
            clap_mangen::generate_to(cmd, dir).with_context(|| {
                crate::t!(
                    Lang::from_env(),
                    "cli-man-cannot-write",
                    dir = dir.display()
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn help(lang: Lang, args: &[&str]) -> String {
        let cmd = localized(super::super::Cli::command(), lang);
        match cmd.try_get_matches_from(args) {
            Err(e) => e.render().to_string(),
            Ok(_) => panic!("{args:?} printed no help"),
        }
    }

    #[test]
    fn german_help_has_german_headings() {
        let top = help(Lang::De, &["optout", "--help"]);
        for word in ["Verwendung:", "Befehle:", "Optionen:", "optout init"] {
            assert!(top.contains(word), "{word} missing in:\n{top}");
        }
        assert!(!top.contains("Commands:"), "{top}");
        let status = help(Lang::De, &["optout", "status", "--help"]);
        assert!(status.contains("Argumente:"), "{status}");
        assert!(!status.contains("Print help"), "{status}");
        let object = help(Lang::De, &["optout", "object", "--help"])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(object.contains("[Standard: 30m]"), "{object}");
        assert!(
            object.contains("[Umgebungsvariable: OPTOUT_CONFIG]"),
            "{object}"
        );
        assert!(object.contains("[mögliche Werte: de, en]"), "{object}");
        assert!(
            !object.contains("[default")
                && !object.contains("[env")
                && !object.contains("[possible"),
            "{object}"
        );
    }

    #[test]
    fn english_help_stays_english() {
        let status = help(Lang::En, &["optout", "status", "--help"]);
        assert!(status.contains("Usage:"), "{status}");
        assert!(status.contains("Options:"), "{status}");
        assert!(status.contains("Print help"), "{status}");
    }
}
