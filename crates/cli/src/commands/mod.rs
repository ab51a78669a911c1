//! One module per subcommand.

pub mod convert;
pub mod evaluate;
pub mod explain;
pub mod generate;
mod table;
pub mod validate;
