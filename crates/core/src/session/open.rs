//! Opening a session on the user's files, and questions asked by the ids
//! users type, so that every front end reads inputs and reports a missing id
//! the same way.

use super::Session;
use crate::builder::EnvironmentBuilder;
use crate::error::Error;
use crate::explain::Explanation;
use crate::input::load_json;
use crate::text::quote;
use chrono::{DateTime, Utc};

impl Session {
    /// A session on export files, each given as its name (for messages) and
    /// its text, with no exemptions, judged at `at`.
    pub fn load<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
        at: DateTime<Utc>,
    ) -> Result<Session, Error> {
        let mut builder = EnvironmentBuilder::new();
        for (name, text) in files {
            load_json(&mut builder, name, text)?;
        }
        Ok(Session::new(builder.finish()?, at))
    }

    /// Why the assessment with row id `id` has its status.
    pub fn explain_id(&self, id: &str) -> Result<Explanation, Error> {
        let ix = self
            .find_assessment(id)
            .ok_or_else(|| Error::not_found(format!("no assessment has the id {}", quote(id))))?;
        self.explain(ix)
    }
}
