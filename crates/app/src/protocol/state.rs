//! The state the page shows everywhere.

use super::EnvironmentChoice;
use exempt_core::workspace::Status;
use serde::{Deserialize, Serialize};

/// The state after a change: the workspace's status, and what only the
/// worker knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The environment shown.
    pub environment: EnvironmentChoice,
    /// The workspace's status.
    pub status: Status,
    /// The worker's peak memory, in bytes.
    pub heap_bytes: u64,
}
