//! What the views keep between questions: things that depend only on the
//! environment are kept for the session's life; things that depend on the
//! exemptions are dropped whenever they change.

use super::exemptions::PreparedRow;
use super::labels::Labels;
use super::scopes::ScopeModel;
use super::ExemptionSort;
use crate::stats::Counts;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// A sort of the exemption rows, by column and direction.
pub(crate) type Order = ((ExemptionSort, bool), Rc<Vec<u32>>);

#[derive(Default)]
pub(crate) struct Cache {
    pub labels: OnceCell<Labels>,
    /// Assessment numbers grouped by recommendation.
    pub by_recommendation: OnceCell<(Vec<usize>, Vec<u32>)>,
    /// Per cloud filter (all, Azure, AWS, GCP), the scope picker's model.
    pub scope_models: [OnceCell<ScopeModel>; 3],
    /// Per cloud filter: counts after exemptions and exempted counts, per
    /// recommendation.
    pub counts: [OnceCell<Vec<(Counts, u32, u32)>>; 4],
    pub rows: OnceCell<Vec<PreparedRow>>,
    pub orders: RefCell<Vec<Order>>,
}

impl Cache {
    /// Drops what depends on the exemptions.
    pub fn forget_exemptions(&mut self) {
        self.counts = Default::default();
        self.rows = OnceCell::new();
        self.orders = RefCell::new(Vec::new());
    }
}
