//! The session state machine: which moves are allowed, and why others are not.
//!
//! `queued → ready → active → ended`, and any live state `→ failed`.
//! A queued caller who gives up, or a ready caller who never joins, goes
//! straight to `ended`. `ended` and `failed` are final.

use voice_types::SessionStatus;

/// A refused move, with a reason a client can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot move a session from {from} to {to}: {reason}")]
pub struct TransitionError {
    pub from: SessionStatus,
    pub to: SessionStatus,
    pub reason: &'static str,
}

/// Checks one move of the state machine.
pub fn check_transition(from: SessionStatus, to: SessionStatus) -> Result<(), TransitionError> {
    use SessionStatus::*;
    let refuse = |reason| Err(TransitionError { from, to, reason });
    match (from, to) {
        (Queued, Ready) | (Ready, Active) | (Active, Ended) => Ok(()),
        (Queued | Ready, Ended) => Ok(()),
        (Queued | Ready | Active, Failed) => Ok(()),
        (Ended | Failed, _) => refuse("the session is already over"),
        (a, b) if a == b => refuse("the session is already in that state"),
        (_, Queued) => refuse("a session never returns to the queue"),
        (Queued, Active) => refuse("a queued session must get a call slot (ready) first"),
        (Active, Ready) => refuse("an active call cannot go back to ready"),
        _ => refuse("that move is not part of the session lifecycle"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionStatus::*;

    #[test]
    fn every_pair_is_decided_as_documented() {
        let allowed = [
            (Queued, Ready),
            (Queued, Ended),
            (Queued, Failed),
            (Ready, Active),
            (Ready, Ended),
            (Ready, Failed),
            (Active, Ended),
            (Active, Failed),
        ];
        for from in SessionStatus::ALL {
            for to in SessionStatus::ALL {
                let ok = check_transition(from, to).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let err = check_transition(Ended, Active).expect_err("ended is final");
        assert_eq!(
            err.to_string(),
            "cannot move a session from ended to active: the session is already over"
        );
        let err = check_transition(Queued, Active).expect_err("must be ready first");
        assert!(err.reason.contains("ready"));
    }
}
