//! Changes the page has sent to the worker that no state the worker
//! reported shows yet. The worker reports that it holds an unsaved change
//! (`Status::dirty`) only after it has applied it, a moment after the
//! click; until then the change exists nowhere but in a message, and
//! leaving the page would lose it as surely as leaving mid-save.
//!
//! The worker answers a change, then reports its state (in that order,
//! even when the change was refused), so a change counts until the first
//! state reported after its answer.

use std::collections::HashSet;

/// The changes out, by request id.
#[derive(Debug, Default)]
pub struct InFlight {
    /// Sent, not yet answered.
    sent: HashSet<u64>,
    /// Answered, with no state reported since.
    answered: usize,
}

impl InFlight {
    /// Change `id` went out.
    pub fn sent(&mut self, id: u64) {
        self.sent.insert(id);
    }

    /// Request `id` was answered (whatever it was).
    pub fn answered(&mut self, id: u64) {
        if self.sent.remove(&id) {
            self.answered += 1;
        }
    }

    /// Change `id` never reached the worker: no state will follow.
    pub fn not_sent(&mut self, id: u64) {
        self.sent.remove(&id);
    }

    /// The worker reported its state: every change answered is in it.
    pub fn state_reported(&mut self) {
        self.answered = 0;
    }

    /// The worker stopped: nothing out will be answered.
    pub fn stopped(&mut self) {
        *self = InFlight::default();
    }

    /// Changes not yet shown in a reported state.
    pub fn count(&self) -> usize {
        self.sent.len() + self.answered
    }
}

#[cfg(test)]
mod tests {
    use super::InFlight;

    #[test]
    fn a_change_counts_until_the_state_after_its_answer() {
        let mut f = InFlight::default();
        f.sent(1);
        assert_eq!(f.count(), 1);
        // A state reported before the answer is an earlier change's.
        f.state_reported();
        assert_eq!(f.count(), 1);
        f.answered(1);
        assert_eq!(f.count(), 1);
        f.state_reported();
        assert_eq!(f.count(), 0);
    }

    #[test]
    fn reads_do_not_count_and_changes_overlap() {
        let mut f = InFlight::default();
        f.answered(7); // a read's answer
        f.sent(1);
        f.sent(2);
        f.answered(1);
        f.state_reported();
        assert_eq!(f.count(), 1, "the second change is still out");
        f.answered(2);
        f.state_reported();
        assert_eq!(f.count(), 0);
    }

    #[test]
    fn a_change_never_posted_or_a_stopped_worker_ends_the_wait() {
        let mut f = InFlight::default();
        f.sent(1);
        f.not_sent(1);
        assert_eq!(f.count(), 0);
        f.sent(2);
        f.answered(2);
        f.sent(3);
        f.stopped();
        assert_eq!(f.count(), 0);
    }
}
