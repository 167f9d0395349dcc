//! `inactivityMessages` (reference §2.2): when the caller says nothing, the
//! agent says each message in turn after its duration (durations are
//! cumulative, counted from the caller's last line or the join), and ends
//! the call as the message's `endBehavior` says. Anything the caller says
//! restarts the sequence.

use std::{sync::Arc, time::Duration};

use crate::{
    calls,
    state::{CallEntry, EndBehavior, Shared},
    turns,
};

/// How long a soft hang-up waits for the caller to speak up after its message.
const SOFT_GRACE: Duration = Duration::from_secs(2);
/// How often a finished sequence looks for the caller's next line.
const IDLE_POLL: Duration = Duration::from_millis(250);

/// Watches a joined call for silence (nothing to do without messages).
pub fn spawn(shared: Arc<Shared>, entry: Arc<CallEntry>) {
    if entry.settings.inactivity.is_empty() {
        return;
    }
    tokio::spawn(async move { watch(&shared, &entry).await });
}

async fn watch(shared: &Arc<Shared>, entry: &Arc<CallEntry>) {
    'sequence: loop {
        let seen = turns_of(entry);
        for step in &entry.settings.inactivity {
            if !sleep_unless_ended(entry, step.after).await {
                return;
            }
            if turns_of(entry) != seen {
                continue 'sequence;
            }
            if !turns::say_if_silent(shared, entry, &step.message, seen).await {
                continue 'sequence;
            }
            match step.end {
                EndBehavior::Wait => {}
                EndBehavior::HangUpStrict => {
                    hang_up(shared, entry);
                    return;
                }
                EndBehavior::HangUpSoft => {
                    if !sleep_unless_ended(entry, SOFT_GRACE).await {
                        return;
                    }
                    if turns_of(entry) == seen {
                        hang_up(shared, entry);
                        return;
                    }
                    continue 'sequence;
                }
            }
        }
        // Every message said: wait for the caller before starting over.
        while turns_of(entry) == seen {
            if !sleep_unless_ended(entry, IDLE_POLL).await {
                return;
            }
        }
    }
}

fn turns_of(entry: &CallEntry) -> u64 {
    entry.lock().caller_turns
}

/// False when the call ended meanwhile.
async fn sleep_unless_ended(entry: &CallEntry, wait: Duration) -> bool {
    tokio::select! {
        () = entry.ended.cancelled() => false,
        () = tokio::time::sleep(wait) => true,
    }
}

fn hang_up(shared: &Arc<Shared>, entry: &Arc<CallEntry>) {
    tracing::info!(call_id = %entry.id, "caller silent after the inactivity messages: hanging up");
    calls::end(shared, entry, "agent_hangup");
}
