//! One module per subcommand.

pub mod convert;
pub mod decide;
pub mod evaluate;
pub mod explain;
pub mod generate;
pub mod lint;
pub mod report;
mod table;
pub mod validate;
