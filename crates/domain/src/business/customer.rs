//! Customers: UK phone numbers in E.164 form, and how a later call updates
//! what we know about a caller.
//!
//! A `PhoneE164` can only be made by `parse`, so one in hand is always valid.
//! Accepted: national `07700 900123`, international `+44 7700 900123`,
//! `0044 7700 900123`, bare `447700900123`, and the written `+44 (0)7700 900123`.
//! Spaces, dots, dashes and brackets are ignored; anything else is refused
//! with a message the voice agent can read back. Non-UK numbers are refused:
//! the demo business serves UK callers only.

use std::fmt;

/// A UK phone number in E.164 form, e.g. `+447700900123`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneE164(String);

/// Why a phone number was refused; the text is read to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("no phone number was given")]
    Empty,
    #[error("a phone number can only contain digits, and the text {0:?} is not one")]
    NotDigits(String),
    #[error("{0} is not a UK phone number: it should start with 0 or +44")]
    NotUk(String),
    #[error("{number} has {digits} digits after the area code prefix, but a UK number has 9 or 10")]
    WrongLength { number: String, digits: usize },
}

impl PhoneE164 {
    /// Normalizes a spoken or written UK number.
    pub fn parse(spoken_or_written: &str) -> Result<Self, PhoneError> {
        let raw = spoken_or_written.trim();
        if raw.is_empty() {
            return Err(PhoneError::Empty);
        }
        let compact: String = raw
            .replace("(0)", "")
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
            .collect();
        let (plus, digits) = match compact.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::NotDigits(raw.to_owned()));
        }
        let national =
            national_number(plus, digits).ok_or_else(|| PhoneError::NotUk(raw.to_owned()))?;
        if !(9..=10).contains(&national.len()) || national.starts_with('0') {
            return Err(PhoneError::WrongLength {
                number: raw.to_owned(),
                digits: national.len(),
            });
        }
        Ok(Self(format!("+44{national}")))
    }

    /// From a national significant number (no trunk `0`): 9 or 10 digits.
    pub(crate) fn from_national(national: &str) -> Option<Self> {
        ((9..=10).contains(&national.len())
            && !national.starts_with('0')
            && national.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Self(format!("+44{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneE164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The national significant number (without the trunk `0`), if the digits are UK.
fn national_number(plus: bool, digits: &str) -> Option<&str> {
    if plus {
        return digits.strip_prefix("44");
    }
    if let Some(rest) = digits.strip_prefix("0044") {
        return Some(rest);
    }
    if let Some(rest) = digits.strip_prefix('0') {
        return Some(rest);
    }
    // Bare international form without the plus, as the voice model often writes it.
    digits.strip_prefix("44").filter(|rest| rest.len() >= 9)
}

/// What the business knows about a caller, keyed by phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRecord {
    pub phone: PhoneE164,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// What one call told us about a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerUpdate {
    pub phone: PhoneE164,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl CustomerUpdate {
    /// Applies this (later) update: a name or email given now replaces the
    /// stored one; a blank or missing value never erases what we had.
    pub fn apply_to(self, existing: Option<CustomerRecord>) -> CustomerRecord {
        let (name, email) = match existing {
            Some(old) => (old.name, old.email),
            None => (None, None),
        };
        CustomerRecord {
            phone: self.phone,
            name: non_blank(self.name).or(name),
            email: non_blank(self.email).or(email),
        }
    }
}

fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_forms_normalize_to_one_number() {
        for input in [
            "07700 900123",
            "+44 7700 900123",
            "447700900123",
            "0044 7700 900123",
            "+44 (0)7700 900123",
            "07700-900-123",
            " (07700) 900.123 ",
        ] {
            let phone = PhoneE164::parse(input).expect(input);
            assert_eq!(phone.as_str(), "+447700900123", "{input}");
        }
        assert_eq!(
            PhoneE164::parse("020 7946 0018").expect("london").as_str(),
            "+442079460018"
        );
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        assert_eq!(PhoneE164::parse("  "), Err(PhoneError::Empty));
        assert!(matches!(
            PhoneE164::parse("call me maybe"),
            Err(PhoneError::NotDigits(_))
        ));
        assert!(matches!(
            PhoneE164::parse("+1 212 555 0100"),
            Err(PhoneError::NotUk(_))
        ));
        assert!(matches!(
            PhoneE164::parse("0770090"),
            Err(PhoneError::WrongLength { .. })
        ));
        assert!(matches!(
            PhoneE164::parse("077009001234567"),
            Err(PhoneError::WrongLength { .. })
        ));
        assert!(matches!(
            PhoneE164::parse("+44 07700 900123 9"),
            Err(PhoneError::WrongLength { .. })
        ));
        let message = PhoneE164::parse("12345").expect_err("garbage").to_string();
        assert!(message.contains("not a UK phone number"), "{message}");
    }

    #[test]
    fn a_later_name_updates_the_record_and_blanks_do_not_erase() {
        let phone = PhoneE164::parse("07700 900123").expect("phone");
        let first = CustomerUpdate {
            phone: phone.clone(),
            name: Some("Sam".into()),
            email: None,
        }
        .apply_to(None);
        let renamed = CustomerUpdate {
            phone: phone.clone(),
            name: Some(" Sam Jones ".into()),
            email: None,
        }
        .apply_to(Some(first));
        assert_eq!(renamed.name.as_deref(), Some("Sam Jones"));
        let blank = CustomerUpdate {
            phone,
            name: Some("  ".into()),
            email: Some("s@j.uk".into()),
        }
        .apply_to(Some(renamed));
        assert_eq!(blank.name.as_deref(), Some("Sam Jones"));
        assert_eq!(blank.email.as_deref(), Some("s@j.uk"));
    }
}
