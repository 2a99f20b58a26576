//! Receipts and decisions by concept, not by sentence: an objection term
//! (Widerspruch, objection, obiezione, …) and, near it, a receipt term
//! (erhalten, received, …) or a decision term (anerkennen, honour, …;
//! refusals: abgelehnt, no further action, …). A negation in the clause of
//! an acceptance term makes it a refusal ("erkennen deinen Einspruch
//! **nicht** an"). The net under the phrase rules: pure, compiled once.
//!
//! How a mail is read, per language of the rules:
//! 1. The subject and the text are cut into sentences (`.`, `!`, `?`,
//!    line ends). A sentence is *about the objection* when it holds an
//!    objection term, or a request term ("Anfrage", "request") while the
//!    mail names AI somewhere ("KI bei Meta", "AI at Meta").
//! 2. That sentence and its neighbours are read clause by clause (commas,
//!    "und", "and", …). A sentence with a condition ("if", "wenn", …) says
//!    what *would* happen and decides nothing.
//! 3. A refusal term is a refusal; an acceptance term is an acceptance,
//!    or a refusal when its clause is negated ("no longer"/"nicht mehr"
//!    are not negations: they say what stops); a receipt term is a receipt.
//! 4. A refusal and an acceptance in the same mail are contradictory: no
//!    verdict (the mail is then `unrecognised`, and the person decides).
//!    A decision beats a receipt ("we received and reviewed your objection
//!    and will honour it").

use crate::model::ObservationKind;
use regex::Regex;
use std::sync::OnceLock;

/// One term list as one regex, compiled the first time a mail needs it.
/// Why lazily: compiling all seven languages' lists at start took ~340 M
/// instructions and ~6 MB of heap in every command and in the idle daemon,
/// while a mail is read with its own language's lists only (every
/// language's markers, objection and AI terms; the rest of one or two).
/// The pattern's syntax was checked when the rules were loaded.
#[derive(Debug)]
pub struct Terms {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl Terms {
    /// A pattern that [`regex_syntax`] accepted.
    pub(crate) fn checked(pattern: String) -> Terms {
        Terms {
            pattern,
            compiled: OnceLock::new(),
        }
    }

    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&self.pattern).unwrap_or_else(|e| {
                // Only a size limit is left that the syntax check did not
                // see (a list of thousands of terms): such a list matches
                // nothing rather than stopping the daemon.
                tracing::error!("a term list of the rules is too large to use: {e}");
                Regex::new(r"[^\s\S]").expect("a valid regex")
            })
        })
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.regex().is_match(s)
    }

    /// Whether the regex has been compiled (for the tests of laziness).
    #[cfg(test)]
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

/// One language's terms.
#[derive(Debug)]
pub struct LangConcepts {
    pub lang: String,
    pub objection: Terms,
    pub request: Option<Terms>,
    pub ai: Option<Terms>,
    pub receipt: Option<Terms>,
    pub accept: Option<Terms>,
    pub refuse: Option<Terms>,
    pub negation: Option<Terms>,
    /// Phrases that look negated but say that something stops.
    pub not_negation: Option<Terms>,
    pub condition: Option<Terms>,
    /// Common words of the language, to tell which language a mail is in
    /// (objection terms are shared: "objection" is English and French).
    pub markers: Option<Terms>,
    /// Dealing with the objection ("process", "bearbeiten"): negated, a
    /// refusal ("we're unable to process your objection"); else nothing.
    pub handle: Option<Terms>,
    /// Where a sentence splits into clauses: punctuation and the
    /// language's conjunctions.
    pub clauses: Terms,
}

/// What the concept rules make of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A receipt or decision, with the sentence that decided it.
    Kind {
        kind: ObservationKind,
        lang: String,
        evidence: String,
    },
    /// The mail speaks of the objection, but says both yes and no.
    Contradictory { lang: String },
}

/// Sentences: split at `!`, `?`, line ends, and at a `.` unless what
/// follows continues the sentence (a digit or a lower-case word: "ref.
/// 9001", "z. B. die", "1.5").
fn sentences(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let mut cut = None;
        for (i, c) in rest.char_indices() {
            let end = match c {
                '!' | '?' | '\n' | '\r' => true,
                '.' => !rest[i + 1..]
                    .trim_start_matches([' ', '\t'])
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_digit() || n.is_lowercase()),
                _ => false,
            };
            if end {
                cut = Some(i);
                break;
            }
        }
        let (sentence, next) = match cut {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        rest = next;
        let sentence = sentence.trim();
        if !sentence.is_empty() {
            return Some(sentence);
        }
    })
}

fn hit(re: &Option<Terms>, s: &str) -> bool {
    re.as_ref().is_some_and(|r| r.is_match(s))
}

impl LangConcepts {
    /// The verdict of this language's terms on a mail, if it speaks of
    /// the objection at all.
    pub fn decide(&self, subject: &str, text: &str) -> Option<Finding> {
        // A request is the objection when the mail names AI or its subject
        // speaks of the objection ("Deine Anfrage zum Widerspruchsrecht").
        let context =
            hit(&self.ai, subject) || hit(&self.ai, text) || self.objection.is_match(subject);
        let all: Vec<&str> = sentences(subject).chain(sentences(text)).collect();
        let about = |s: &str| self.objection.is_match(s) || (context && hit(&self.request, s));
        let (mut receipt, mut accept, mut refuse) = (None, None, None);
        for (i, s) in all.iter().enumerate() {
            if !about(s) {
                continue;
            }
            // The sentence before, this one and the next: "We can't process
            // your request. … You can submit a new objection."
            for s in all[i.saturating_sub(1)..]
                .iter()
                .take(if i == 0 { 2 } else { 3 })
            {
                if hit(&self.condition, s) {
                    continue;
                }
                for clause in self.clauses.regex().split(s) {
                    if hit(&self.refuse, clause) {
                        refuse.get_or_insert(*s);
                    } else if hit(&self.accept, clause) {
                        if self.negated(clause) {
                            refuse.get_or_insert(*s);
                        } else {
                            accept.get_or_insert(*s);
                        }
                    } else if hit(&self.handle, clause) && self.negated(clause) {
                        refuse.get_or_insert(*s);
                    } else if hit(&self.receipt, clause) && !self.negated(clause) {
                        receipt.get_or_insert(*s);
                    }
                }
            }
        }
        let found = |kind, s: &str| {
            Some(Finding::Kind {
                kind,
                lang: self.lang.clone(),
                evidence: s.chars().take(200).collect(),
            })
        };
        match (refuse, accept, receipt) {
            (Some(_), Some(_), _) => Some(Finding::Contradictory {
                lang: self.lang.clone(),
            }),
            (Some(s), None, _) => found(ObservationKind::Rejected, s),
            (None, Some(s), _) => found(ObservationKind::Accepted, s),
            (None, None, Some(s)) => found(ObservationKind::Receipt, s),
            (None, None, None) => None,
        }
    }

    /// Whether the mail speaks of the objection (or of a request about AI)
    /// anywhere: such a mail from the provider is never dropped unseen.
    pub fn on_topic(&self, subject: &str, text: &str) -> bool {
        let names_ai = hit(&self.ai, subject) || hit(&self.ai, text);
        self.objection.is_match(subject)
            || self.objection.is_match(text)
            || (names_ai && (hit(&self.request, subject) || hit(&self.request, text)))
    }

    /// Whether the mail names AI ("KI bei Meta", "AI at Meta").
    pub fn names_ai(&self, subject: &str, text: &str) -> bool {
        hit(&self.ai, subject) || hit(&self.ai, text)
    }

    fn negated(&self, clause: &str) -> bool {
        let Some(neg) = &self.negation else {
            return false;
        };
        match &self.not_negation {
            Some(void) if void.is_match(clause) => {
                neg.is_match(&void.regex().replace_all(clause, " "))
            }
            _ => neg.is_match(clause),
        }
    }
}

/// How much of a mail is read to tell its language.
const LANGUAGE_SAMPLE: usize = 4000;

/// The verdict of the mail's own language: the language whose common
/// words it uses most (a mail is written in one language; terms of
/// another language would misread it, as French "accepte" is no English
/// negation). Without any markers, every language in order.
pub fn decide(langs: &[LangConcepts], subject: &str, text: &str) -> Option<Finding> {
    let mut end = text.len().min(LANGUAGE_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let score = |l: &LangConcepts| {
        l.markers.as_ref().map_or(0, |m| {
            let m = m.regex();
            m.find_iter(subject).count() + m.find_iter(sample).count()
        })
    };
    let scores: Vec<usize> = langs.iter().map(score).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    langs
        .iter()
        .zip(&scores)
        .filter(|(_, &s)| s == best)
        .find_map(|(l, _)| l.decide(subject, text))
}

#[cfg(test)]
mod tests {
    use crate::classify::Classifier;
    use crate::model::ObservationKind::{self, *};

    fn concept(subject: &str, text: &str) -> Option<ObservationKind> {
        static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
        let c = C.get_or_init(Classifier::builtin);
        match super::decide(c.meta_concepts(), subject, text)? {
            super::Finding::Kind { kind, .. } => Some(kind),
            super::Finding::Contradictory { .. } => None,
        }
    }

    /// Every list of the built-in rules compiles (they are compiled only
    /// when a mail needs them, so nothing else would notice at start).
    #[test]
    fn every_builtin_term_list_compiles() {
        for l in Classifier::builtin().meta_concepts() {
            let lists = [
                &l.request,
                &l.ai,
                &l.receipt,
                &l.accept,
                &l.refuse,
                &l.negation,
                &l.not_negation,
                &l.condition,
                &l.markers,
                &l.handle,
            ];
            l.objection.regex();
            l.clauses.regex();
            for t in lists.into_iter().flatten() {
                t.regex();
            }
        }
    }

    /// A German mail compiles the lists of the languages it reads, not the
    /// receipts and decisions of the others.
    #[test]
    fn a_mail_compiles_only_its_own_language_decision_terms() {
        let c = Classifier::builtin();
        let langs = c.meta_concepts();
        assert!(langs.iter().all(|l| !l.objection.is_compiled()));
        let found = super::decide(
            langs,
            "Dein Widerspruch",
            "Wir haben deinen Widerspruch erhalten und prüfen ihn.",
        );
        assert!(matches!(
            found,
            Some(super::Finding::Kind { kind: Receipt, .. })
        ));
        for l in langs {
            let compiled = l.receipt.as_ref().unwrap().is_compiled();
            assert_eq!(compiled, l.lang == "de", "{}", l.lang);
            assert!(l.markers.as_ref().unwrap().is_compiled(), "{}", l.lang);
        }
    }

    #[test]
    fn receipts_by_concept() {
        for (s, t) in [
            ("", "Your objection reached us and we will look at it soon."),
            ("", "We have received your objection."),
            (
                "Dein Widerspruch",
                "Wir haben deinen Widerspruch erhalten und prüfen ihn.",
            ),
            ("", "Nous avons bien reçu votre objection."),
            (
                "",
                "Abbiamo ricevuto la tua obiezione e la esamineremo presto.",
            ),
            ("", "Hemos recibido tu objeción."),
            ("", "We hebben je bezwaar ontvangen."),
            ("", "Otrzymaliśmy Twój sprzeciw."),
        ] {
            assert_eq!(concept(s, t), Some(Receipt), "{s} / {t}");
        }
    }

    #[test]
    fn acceptances_by_concept() {
        for t in [
            "We'll respect your objection from now on.",
            "Wir kommen deinem Widerspruch nach.",
            "Wir erkennen deinen Widerspruch an und verwenden deine Informationen nicht mehr für KI.",
            "Nous acceptons votre objection.",
            "Abbiamo accolto la tua obiezione.",
            "Hemos aceptado tu objeción.",
            "We hebben je bezwaar gehonoreerd.",
            "Uwzględniliśmy Twój sprzeciw.",
            "We reviewed your objection. We will no longer use your information, as we accepted it.",
        ] {
            assert_eq!(concept("", t), Some(Accepted), "{t}");
        }
    }

    #[test]
    fn refusals_and_negation() {
        for t in [
            "Wir haben deinen Antrag geprüft und erkennen deinen Einspruch nicht an.",
            "We can't accept your objection.",
            "We are unable to honour your objection.",
            "Nous ne pouvons pas accepter votre objection.",
            "Non possiamo accogliere la tua obiezione.",
            "No podemos aceptar tu objeción.",
            "We kunnen je bezwaar niet honoreren.",
            "Nie możemy uwzględnić Twojego sprzeciwu.",
            "Dein Widerspruch wurde abgelehnt.",
            "Regarding your objection: we can't take further action.",
        ] {
            assert_eq!(concept("", t), Some(Rejected), "{t}");
        }
    }

    #[test]
    fn conditions_and_bare_mentions_decide_nothing() {
        for t in [
            "If your objection is honored, it will be applied going forward.",
            "Wenn wir deinem Widerspruch stattgeben, gilt er künftig.",
            "You have the right to object. Use the objection form.",
            "Yes and no: we accept your objection, we reject your objection.",
        ] {
            assert_eq!(concept("", t), None, "{t}");
        }
    }

    #[test]
    fn negation_counts_in_its_own_clause_of_its_own_language() {
        // "pas en mesure": not split at the Dutch "en".
        assert_eq!(
            concept(
                "",
                "Nous ne sommes pas en mesure de faire droit à votre objection."
            ),
            Some(Rejected)
        );
        assert_eq!(
            concept("", "Helaas kunnen we aan je bezwaar geen gehoor geven."),
            Some(Rejected)
        );
    }

    #[test]
    fn dealing_with_it_negated_is_a_refusal() {
        for t in [
            "We can't process your objection, as we could not find your account.",
            "Leider konnten wir deinen Widerspruch nicht bearbeiten.",
        ] {
            assert_eq!(concept("", t), Some(Rejected), "{t}");
        }
        assert_eq!(
            concept("", "We received your objection and will process it."),
            Some(Receipt)
        );
    }

    #[test]
    fn the_subject_makes_a_request_the_objection() {
        assert_eq!(
            concept(
                "Dein Widerspruch",
                "Wir haben deine Anfrage geprüft. Leider können wir ihr nicht nachkommen."
            ),
            Some(Rejected)
        );
    }

    #[test]
    fn abbreviations_and_numbers_do_not_end_a_sentence() {
        assert_eq!(
            concept("", "We looked at your objection (no. 4471) and accept it."),
            Some(Accepted)
        );
    }

    #[test]
    fn before_is_a_condition() {
        assert_eq!(
            concept(
                "",
                "Before we can accept your objection, we need to check your address."
            ),
            None
        );
    }

    #[test]
    fn a_request_counts_only_when_the_mail_names_ai() {
        assert_eq!(
            concept("Your request about AI at Meta", "We received your request."),
            Some(Receipt)
        );
        assert_eq!(concept("Your order", "We received your request."), None);
    }
}
