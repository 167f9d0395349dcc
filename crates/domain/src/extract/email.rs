//! Email addresses, written ("jane@example.org") or spoken ("john dot smith
//! at example dot com"), always lower case.
//!
//! A spoken address needs "at" followed by a domain with at least one "dot"
//! (or a written "example.com"), so "at 3pm" or "at the office" never count.

use crate::extract::text::Tokens;

/// The first email address said, and whether it was spoken; consumes its
/// tokens.
pub fn extract_email(t: &mut Tokens) -> Option<(String, bool)> {
    for i in 0..t.len() {
        if t.is_consumed(i) {
            continue;
        }
        if let Some(address) = written(t.word(i)) {
            t.consume(i, i + 1);
            return Some((address, false));
        }
    }
    for i in 0..t.len() {
        if t.word(i) != "at" || t.is_consumed(i) {
            continue;
        }
        let Some((domain, end)) = spoken_domain(t, i + 1) else {
            continue;
        };
        let Some((local, start)) = spoken_local(t, i) else {
            continue;
        };
        t.consume(start, end);
        return Some((format!("{local}@{domain}"), true));
    }
    None
}

fn written(word: &str) -> Option<String> {
    let (local, domain) = word.split_once('@')?;
    let domain = domain.trim_end_matches('.');
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && !domain.starts_with('.')
        && domain.split('.').all(|p| !p.is_empty());
    ok.then(|| format!("{local}@{domain}"))
}

/// "example dot co dot uk", "example.com", "my-company dot com": the domain
/// and the index after it.
fn spoken_domain(t: &Tokens, from: usize) -> Option<(String, usize)> {
    let (mut domain, mut k) = part_from(t, from)?;
    while matches!(t.word(k), "dot" | "point")
        && let Some((part, end)) = part_from(t, k + 1)
    {
        domain.push('.');
        domain.push_str(&part);
        k = end;
    }
    let tld_ok = domain
        .rsplit_once('.')
        .is_some_and(|(_, tld)| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
    tld_ok.then_some((domain, k))
}

/// One domain part from token `from`: a word, or words joined by hyphens
/// written ("my-company") or said ("my hyphen company"); with the index
/// after it.
fn part_from(t: &Tokens, from: usize) -> Option<(String, usize)> {
    if !is_part(t.word(from)) {
        return None;
    }
    let mut part = t.word(from).to_owned();
    let mut k = from + 1;
    loop {
        if t.hyphen_joined(k) && is_part(t.word(k)) {
            part.push('-');
            part.push_str(t.word(k));
            k += 1;
        } else if matches!(t.word(k), "hyphen" | "dash")
            && is_part(t.word(k + 1))
            && !matches!(t.word(k + 1), "dot" | "point")
        {
            // "my hyphen company dot com"
            part.push('-');
            part.push_str(t.word(k + 1));
            k += 2;
        } else {
            break;
        }
    }
    Some((part, k))
}

/// The local part said before "at" (index `at`): its text and first index.
fn spoken_local(t: &Tokens, at: usize) -> Option<(String, usize)> {
    let mut k = at.checked_sub(1)?;
    if !is_local_word(t, k) {
        return None;
    }
    let mut parts = vec![t.word(k).to_owned()];
    // "peter dot jones 42 at ...": digits said apart belong to the word before.
    if t.word(k).bytes().all(|b| b.is_ascii_digit())
        && k >= 1
        && is_local_word(t, k - 1)
        && !t.word(k - 1).bytes().all(|b| b.is_ascii_digit())
        && !matches!(
            t.word(k - 1),
            "dot" | "point" | "underscore" | "dash" | "hyphen"
        )
    {
        parts.push(t.word(k - 1).to_owned());
        k -= 1;
    }
    // "mary-jane at example dot com"
    while k >= 1 && t.hyphen_joined(k) && is_local_word(t, k - 1) {
        parts.push("-".to_owned());
        parts.push(t.word(k - 1).to_owned());
        k -= 1;
    }
    while k >= 2 {
        let joiner = match t.word(k - 1) {
            "dot" | "point" => ".",
            "underscore" => "_",
            "dash" | "hyphen" => "-",
            _ => break,
        };
        if !is_local_word(t, k - 2) {
            break;
        }
        parts.push(joiner.to_owned());
        parts.push(t.word(k - 2).to_owned());
        k -= 2;
    }
    parts.reverse();
    Some((parts.concat(), k))
}

fn is_local_word(t: &Tokens, k: usize) -> bool {
    const NOT_LOCAL: &[&str] = &[
        "is", "email", "mail", "address", "it's", "its", "me", "my", "was", "be",
    ];
    let w = t.word(k);
    !t.is_consumed(k) && is_part(w) && !NOT_LOCAL.contains(&w)
}

fn is_part(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<&str>) {
        let mut t = Tokens::new(text);
        assert_eq!(
            extract_email(&mut t).map(|e| e.0).as_deref(),
            want,
            "{text}"
        );
    }

    #[test]
    fn written_and_spoken_addresses() {
        check("it's Jane@Example.org.", Some("jane@example.org"));
        check(
            "my email is tom dot baker at example dot org",
            Some("tom.baker@example.org"),
        );
        check("john at gmail dot co dot uk", Some("john@gmail.co.uk"));
        check(
            "email is ann underscore lee at example.com",
            Some("ann_lee@example.com"),
        );
        check(
            "my email is anna dot lee at my-company dot co dot uk",
            Some("anna.lee@my-company.co.uk"),
        );
        check(
            "mary-jane at example dot com",
            Some("mary-jane@example.com"),
        );
        check(
            "email is tech_support2@acme-corp.co.uk",
            Some("tech_support2@acme-corp.co.uk"),
        );
        check("see you at the office", None);
        check("at 3pm", None);
        check("an @ sign", None);
    }
}
