//! The text catalogue is complete: every message exists in German and in
//! English, with the same arguments, and every id the code asks for exists.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LOCALES: &str = "src/text/locales";
const LANGS: [&str; 2] = ["de", "en"];

/// id → the names of the variables it uses, for every message of one language.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(LOCALES)
        .join(lang);
    let var = Regex::new(r"\{\s*\$([a-zA-Z0-9_-]+)").unwrap();
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(src.as_str())
            .unwrap_or_else(|(_, errs)| panic!("{}: {errs:?}", path.display()));
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let id = m.id.name.to_string();
                // The variables, read off the message's source text.
                let start = src.find(&format!("\n{id} =")).map_or(0, |i| i + 1);
                let end = src[start + 1..]
                    .find("\n\n")
                    .map_or(src.len(), |i| start + 1 + i);
                let vars = var
                    .captures_iter(&src[start..end])
                    .map(|c| c[1].to_string())
                    .collect();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{}: message {id} defined twice",
                    path.display()
                );
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_message_exists_in_every_language_with_the_same_arguments() {
    let de = messages("de");
    let en = messages("en");
    assert!(!en.is_empty(), "no messages found under {LOCALES}/en");
    let mut problems = Vec::new();
    for (lang, this, other) in [("de", &de, &en), ("en", &en, &de)] {
        for id in other.keys().filter(|id| !this.contains_key(*id)) {
            problems.push(format!("{lang} lacks {id}"));
        }
    }
    for (id, vars) in &en {
        if let Some(de_vars) = de.get(id) {
            if de_vars != vars {
                problems.push(format!("{id}: en uses {vars:?}, de uses {de_vars:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_id_the_code_asks_for_exists() {
    let known: BTreeSet<String> = LANGS.iter().flat_map(|l| messages(l).into_keys()).collect();
    // t!(lang, "id" …) and text::get(lang, "id", …)
    let call =
        Regex::new(r#"(?s)\b(?:t!|text::get)\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*"([a-z0-9-]+)""#)
            .unwrap();
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut missing = Vec::new();
    let mut used = 0;
    for file in files {
        // Comments may show examples: only code counts.
        let src: String = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        for c in call.captures_iter(&src) {
            used += 1;
            if !known.contains(&c[1]) {
                missing.push(format!("{}: {}", file.display(), &c[1]));
            }
        }
    }
    assert!(used > 0, "found no t!(…) calls: is the pattern stale?");
    assert!(
        missing.is_empty(),
        "ids not in the catalogue:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_command_and_argument_has_help_in_every_language() {
    let mut cmd = <optout::cli::Cli as clap::CommandFactory>::command();
    cmd.build();
    let ids = optout::cli::help::help_ids(&cmd);
    assert!(
        ids.iter().any(|(id, _)| id == "cli-status-arg-json"),
        "{ids:?}"
    );
    let mut missing = Vec::new();
    for (id, required) in &ids {
        for lang in optout::text::Lang::ALL {
            if *required && !optout::text::has(lang, id) {
                missing.push(format!("{}: {id}", lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "help texts missing from src/text/locales/*/cli.ftl:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_positional_argument_has_a_help_line() {
    let cmd = optout::cli::command(optout::text::Lang::En);
    fn walk(cmd: &clap::Command, missing: &mut Vec<String>) {
        for arg in cmd.get_positionals() {
            if arg.get_help().is_none() && cmd.get_name() != "help" {
                missing.push(format!("{} {}", cmd.get_name(), arg.get_id()));
            }
        }
        cmd.get_subcommands().for_each(|s| walk(s, missing));
    }
    let mut missing = Vec::new();
    walk(&cmd, &mut missing);
    assert!(missing.is_empty(), "{missing:?}");
}
