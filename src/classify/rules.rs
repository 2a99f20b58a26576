//! Provider rules as data: the TOML format, loading, and compiling it once.

use super::code::CodeRules;
use super::concept::{LangConcepts, Terms};
use crate::model::ObservationKind;
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A mistake in a rules file: names the file, the line and the key.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {}{message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), key.as_ref().map(|k| format!("key `{k}`: ")).unwrap_or_default())]
pub struct RulesError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    provider: RawProvider,
    #[serde(default)]
    platform: Vec<RawPlatform>,
    code: Option<RawCode>,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    exclude: Vec<RawExclude>,
    #[serde(default)]
    concept: Vec<RawConcept>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclude {
    name: Spanned<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    unless_ai: bool,
}

/// One language's concept terms: regular expressions matched
/// case-insensitively at the start of a word (a space matches any run of
/// whitespace, ' matches ’).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    lang: Spanned<String>,
    objection: Vec<String>,
    #[serde(default)]
    request: Vec<String>,
    #[serde(default)]
    ai: Vec<String>,
    #[serde(default)]
    receipt: Vec<String>,
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    refuse: Vec<String>,
    #[serde(default)]
    negation: Vec<String>,
    #[serde(default)]
    not_negation: Vec<String>,
    #[serde(default)]
    condition: Vec<String>,
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default)]
    conjunctions: Vec<String>,
    #[serde(default)]
    handle: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    name: String,
    domains: Vec<Spanned<String>>,
    #[serde(default)]
    brands: Vec<String>,
    default_platform: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlatform {
    name: String,
    #[serde(default)]
    senders: Vec<String>,
    #[serde(default)]
    mentions: Vec<String>,
    /// The provider's objection form for this platform (`optout object`).
    form_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    digits: Vec<usize>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    prefixed_digits: Vec<usize>,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    kind: Spanned<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

/// What a rule concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Kind(ObservationKind),
    /// A provider mail that is none of the kinds (e.g. Meta's AI
    /// announcement): nothing, whatever later rules would say.
    Ignore,
}

#[derive(Debug)]
pub struct Rule {
    pub verdict: Verdict,
    /// All phrases and patterns of the rule in one case-insensitive regex.
    pub matcher: Regex,
}

/// A kind of provider mail that never changes state, whatever else it
/// says (content moderation, account security, marketing).
#[derive(Debug)]
pub struct Exclusion {
    pub name: String,
    pub matcher: Regex,
    /// Does not apply to a mail that names AI (a concept's `ai` terms):
    /// for words like "post" that a moderation mail uses, and an
    /// objection to AI training too ("your posts will not be used").
    pub unless_ai: bool,
}

#[derive(Debug)]
pub struct Platform {
    pub name: String,
    /// Mail from these domains (or subdomains) is about this platform.
    pub senders: Vec<String>,
    /// Whole-word mentions of the platform's name.
    pub mentions: Option<Regex>,
    /// The objection form, opened by `optout object`.
    pub form_url: Option<String>,
}

#[derive(Debug)]
pub struct Provider {
    pub name: String,
    /// The file the rules came from, for reasons and errors.
    pub source: String,
    pub domains: Vec<String>,
    pub brands: Vec<String>,
    pub default_platform: String,
    pub platforms: Vec<Platform>,
    pub code: Option<CodeRules>,
    pub rules: Vec<Rule>,
    /// Tried before every rule: a match means nothing.
    pub exclusions: Vec<Exclusion>,
    /// Tried after the phrase rules, per language.
    pub concepts: Vec<LangConcepts>,
}

/// Parse and compile one rules file.
pub fn parse(text: &str, file: &Path) -> Result<Provider, RulesError> {
    let err = |span: Option<std::ops::Range<usize>>, key: Option<&str>, message: String| {
        let line = span.map(|s| line_of(text, s.start));
        RulesError {
            file: file.to_owned(),
            line,
            key: key
                .map(str::to_owned)
                .or_else(|| line.and_then(|l| key_on_line(text, l))),
            message,
        }
    };
    let raw: RawFile =
        toml::from_str(text).map_err(|e| err(e.span(), None, e.message().trim().to_owned()))?;

    let mut domains = Vec::new();
    for d in &raw.provider.domains {
        let v = d
            .get_ref()
            .trim()
            .trim_start_matches('.')
            .to_ascii_lowercase();
        if v.is_empty() || !v.contains('.') || v.contains(char::is_whitespace) {
            return Err(err(
                Some(d.span()),
                Some("provider.domains"),
                format!("{:?} is not a domain name", d.get_ref()),
            ));
        }
        domains.push(v);
    }
    if domains.is_empty() {
        return Err(err(
            None,
            Some("provider.domains"),
            "name at least one domain the provider sends from".into(),
        ));
    }

    let mut platforms = Vec::new();
    for p in raw.platform {
        let mentions = if p.mentions.is_empty() {
            None
        } else {
            let alts: Vec<String> = p.mentions.iter().map(|m| phrase_regex(m)).collect();
            Some(
                Regex::new(&format!(r"(?i)\b(?:{})\b", alts.join("|")))
                    .map_err(|e| err(None, Some("platform.mentions"), e.to_string()))?,
            )
        };
        platforms.push(Platform {
            name: p.name.trim().to_lowercase(),
            senders: p.senders.iter().map(|s| s.trim().to_lowercase()).collect(),
            mentions,
            form_url: p
                .form_url
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty()),
        });
    }
    let default_platform = raw
        .provider
        .default_platform
        .get_ref()
        .trim()
        .to_lowercase();
    if !platforms.is_empty() && !platforms.iter().any(|p| p.name == default_platform) {
        return Err(err(
            Some(raw.provider.default_platform.span()),
            Some("provider.default_platform"),
            format!("{default_platform:?} is not one of the [[platform]] names"),
        ));
    }

    let code = match raw.code {
        Some(c) => Some(
            CodeRules::new(&c.digits, &c.prefixes, &c.prefixed_digits, &c.words)
                .map_err(|m| err(None, Some("code"), m))?,
        ),
        None => None,
    };

    let mut rules = Vec::new();
    for r in raw.rule {
        let verdict = match r.kind.get_ref().as_str() {
            "ignore" => Verdict::Ignore,
            "code" | "receipt" | "accepted" | "rejected" => {
                Verdict::Kind(r.kind.get_ref().parse().expect("listed kinds parse"))
            }
            other => {
                return Err(err(
                    Some(r.kind.span()),
                    Some("rule.kind"),
                    format!(
                        "unknown kind {other:?}; one of: code, receipt, accepted, rejected, ignore"
                    ),
                ))
            }
        };
        if verdict == Verdict::Kind(ObservationKind::Code) && code.is_none() {
            return Err(err(
                Some(r.kind.span()),
                Some("rule.kind"),
                "a \"code\" rule needs a [code] section".into(),
            ));
        }
        let mut alts: Vec<String> = r.phrases.iter().map(|p| phrase_regex(p)).collect();
        for p in &r.patterns {
            Regex::new(p.get_ref()).map_err(|e| {
                err(
                    Some(p.span()),
                    Some("rule.patterns"),
                    format!("invalid regex: {e}"),
                )
            })?;
            alts.push(format!("(?:{})", p.get_ref()));
        }
        if alts.is_empty() {
            return Err(err(
                Some(r.kind.span()),
                Some("rule.phrases"),
                "a rule needs at least one phrase or pattern".into(),
            ));
        }
        let matcher = Regex::new(&format!("(?i)(?:{})", alts.join("|")))
            .map_err(|e| err(Some(r.kind.span()), Some("rule"), e.to_string()))?;
        rules.push(Rule { verdict, matcher });
    }

    let mut exclusions = Vec::new();
    for x in raw.exclude {
        let mut alts: Vec<String> = x.phrases.iter().map(|p| phrase_regex(p)).collect();
        for p in &x.patterns {
            Regex::new(p.get_ref()).map_err(|e| {
                err(
                    Some(p.span()),
                    Some("exclude.patterns"),
                    format!("invalid regex: {e}"),
                )
            })?;
            alts.push(format!("(?:{})", p.get_ref()));
        }
        if alts.is_empty() {
            return Err(err(
                Some(x.name.span()),
                Some("exclude.phrases"),
                "an exclusion needs at least one phrase or pattern".into(),
            ));
        }
        let matcher = Regex::new(&ascii_boundaries(&format!("(?i)(?:{})", alts.join("|"))))
            .map_err(|e| err(Some(x.name.span()), Some("exclude"), e.to_string()))?;
        exclusions.push(Exclusion {
            name: x.name.into_inner(),
            matcher,
            unless_ai: x.unless_ai,
        });
    }

    // Clause boundaries: punctuation, and the language's own conjunctions
    // (only its own: French "pas en mesure" is not split at Dutch "en").
    fn clause_regex(conjunctions: &[String]) -> Result<Terms, Box<regex_syntax::Error>> {
        let mut re = String::from(r"(?i)[,;:–—]");
        if !conjunctions.is_empty() {
            let alts: Vec<String> = conjunctions.iter().map(|t| term_regex(t)).collect();
            re.push_str(&format!(r"|\s(?:{})\s", alts.join("|")));
        }
        check_terms(re)
    }

    let mut concepts = Vec::new();
    for c in raw.concept {
        let span = c.lang.span();
        let list = |terms: &[String], key: &str| -> Result<Option<Terms>, RulesError> {
            if terms.is_empty() {
                return Ok(None);
            }
            let alts: Vec<String> = terms.iter().map(|t| term_regex(t)).collect();
            check_terms(ascii_boundaries(&format!(r"(?i)\b(?:{})", alts.join("|"))))
                .map(Some)
                .map_err(|e| err(Some(span.clone()), Some(key), format!("invalid term: {e}")))
        };
        let Some(objection) = list(&c.objection, "concept.objection")? else {
            return Err(err(
                Some(span.clone()),
                Some("concept.objection"),
                "a concept needs at least one objection term".into(),
            ));
        };
        concepts.push(LangConcepts {
            lang: c.lang.get_ref().clone(),
            objection,
            request: list(&c.request, "concept.request")?,
            ai: list(&c.ai, "concept.ai")?,
            receipt: list(&c.receipt, "concept.receipt")?,
            accept: list(&c.accept, "concept.accept")?,
            refuse: list(&c.refuse, "concept.refuse")?,
            negation: list(&c.negation, "concept.negation")?,
            not_negation: list(&c.not_negation, "concept.not_negation")?,
            condition: list(&c.condition, "concept.condition")?,
            markers: list(&c.markers, "concept.markers")?,
            handle: list(&c.handle, "concept.handle")?,
            clauses: clause_regex(&c.conjunctions).map_err(|e| {
                err(
                    Some(span.clone()),
                    Some("concept.conjunctions"),
                    format!("invalid term: {e}"),
                )
            })?,
        });
    }

    Ok(Provider {
        name: raw.provider.name,
        source: file.display().to_string(),
        domains,
        brands: raw
            .provider
            .brands
            .iter()
            .map(|b| b.trim().to_lowercase())
            .filter(|b| !b.is_empty())
            .collect(),
        default_platform,
        platforms,
        code,
        rules,
        exclusions,
        concepts,
    })
}

/// Why the rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder named by `[rules] dir` cannot be read (missing, not a
    /// folder, no permission).
    #[error("cannot read the rules folder {}: {source}", dir.display())]
    Dir {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// A rules file is wrong, or cannot be read.
    #[error(transparent)]
    Rules(#[from] RulesError),
}

/// Every `*.toml` in `dir`, in name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Provider>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Dir {
        dir: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| RulesError {
            file: f.clone(),
            line: None,
            key: None,
            message: format!("cannot read the rules file: {e}"),
        })?;
        out.push(parse(&text, &f)?);
    }
    Ok(out)
}

/// A concept's term list, checked now and compiled when first needed
/// ([`Terms`]): the syntax check is what compiling would refuse, all but
/// the size limit (which [`Terms::regex`] handles).
fn check_terms(pattern: String) -> Result<Terms, Box<regex_syntax::Error>> {
    regex_syntax::Parser::new()
        .parse(&pattern)
        .map_err(Box::new)?;
    Ok(Terms::checked(pattern))
}

/// A phrase as a regex: literal, but any whitespace run matches any other
/// and an apostrophe matches the typographic one.
fn phrase_regex(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(|w| regex::escape(w).replace(['\'', '’'], "['’]"))
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// Word boundaries as ASCII ones: a Unicode `\b` makes the regex engine
/// fall back to its slow path on any non-ASCII text (every German mail),
/// and the terms' edges are ASCII letters anyway.
fn ascii_boundaries(re: &str) -> String {
    re.replace(r"\b", r"(?-u:\b)")
}

/// A concept term as a regex: the term's own syntax, but any whitespace
/// run matches any other and an apostrophe matches the typographic one.
fn term_regex(term: &str) -> String {
    term.split_whitespace()
        .map(|w| w.replace(['\'', '’'], "['’]"))
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The key assigned on a line (`key = value`), to name it in an error.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
    .then(|| key.to_owned())
}
