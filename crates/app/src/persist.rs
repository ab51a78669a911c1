//! Opening an environment with its stored document, and saving: the page's
//! half of the work (reading and writing storage, under the tabs' shared
//! lock); the worker decodes, merges and encodes.

use crate::client::Engine;
use crate::components::labels::say;
use crate::protocol::ask;
use crate::protocol::EnvironmentChoice;
use crate::state::{Action, Recovered};
use crate::storage::{self, locks::with_lock};
use exempt_core::document::MergeOutcome;
use std::rc::Rc;
use yew::Callback;

/// Reads the environment's document and opens it in the worker. A first
/// visit to the demo (storage holds nothing) is seeded with the demo's
/// examples and written at once, under the tabs' lock, so that tabs opened
/// together seed it once. With `may_write` false (an embedding whose storage
/// is kept apart) the seed stays in memory.
pub async fn open(
    engine: Engine,
    environment: EnvironmentChoice,
    may_write: bool,
    dispatch: Callback<Action>,
) {
    let key = storage::document_key(environment.key());
    let raw = match storage::read(&key) {
        Ok(raw) => raw,
        Err(why) => {
            dispatch.emit(Action::Unavailable(why));
            None
        }
    };
    let first_visit = raw.is_none() && environment == EnvironmentChoice::Demo;
    let (answer, raw, saved) = if first_visit && may_write && storage::available().is_ok() {
        let lock = format!("{key}.lock");
        let (inner, env) = (engine.clone(), environment.clone());
        with_lock(&lock, async move {
            // Another tab may have seeded it while this one waited.
            let raw = storage::written::settled(&key).await.ok().flatten();
            let seed = raw.is_none();
            let answer = inner.0.get(ask::open(env, raw.clone(), seed)).await;
            let saved = match (&answer, seed) {
                (Ok(_), true) => Some(save_locked(&inner, &key, false).await),
                _ => None,
            };
            (answer, raw, saved)
        })
        .await
    } else {
        let answer = engine
            .0
            .get(ask::open(environment.clone(), raw.clone(), first_visit))
            .await;
        (answer, raw, None)
    };
    match saved {
        Some(Ok(_)) => dispatch.emit(Action::Saved(None)),
        Some(Err(Failure::Failed(why) | Failure::Stopped(why, _))) => {
            dispatch.emit(Action::SaveFailed(why))
        }
        None => {}
    }
    match answer {
        Ok(report) => {
            if let (Some(reason), Some(raw)) = (report.unreadable, raw) {
                let backup = storage::keep_aside(&raw);
                dispatch.emit(Action::Recovered(Recovered {
                    reason,
                    raw: Rc::new(raw),
                    backup,
                }));
            }
            if let Some(from) = report.migrated_from {
                dispatch.emit(Action::Notice(format!(
                    "Your saved exemptions were upgraded from an earlier version of Exempt (schema {from})."
                )));
            }
            dispatch.emit(Action::Opened(environment));
        }
        Err(e) => dispatch.emit(Action::OpenFailed(say(&e))),
    }
}

enum Failure {
    /// The write failed; changes stay pending.
    Failed(String),
    /// Unreadable text could not be kept aside: do not write.
    Stopped(String, Recovered),
}

/// Saves the environment's document: under the lock, reads what storage
/// holds, lets the worker merge, writes the result, and tells the worker.
pub async fn save(
    engine: Engine,
    environment: EnvironmentChoice,
    overwrite: bool,
    dispatch: Callback<Action>,
) {
    dispatch.emit(Action::Saving);
    let key = storage::document_key(environment.key());
    let lock = format!("{key}.lock");
    let inner = engine.clone();
    let result = with_lock(
        &lock,
        async move { save_locked(&inner, &key, overwrite).await },
    )
    .await;
    match result {
        Ok((note, recovered)) => {
            if let Some(r) = recovered {
                dispatch.emit(Action::Recovered(r));
            }
            dispatch.emit(Action::Saved(note));
        }
        Err(Failure::Failed(why)) => dispatch.emit(Action::SaveFailed(why)),
        Err(Failure::Stopped(why, recovered)) => {
            dispatch.emit(Action::Recovered(recovered));
            dispatch.emit(Action::SaveFailed(why));
        }
    }
}

type Saved = (Option<String>, Option<Recovered>);

async fn save_locked(engine: &Engine, key: &str, overwrite: bool) -> Result<Saved, Failure> {
    let raw = storage::written::settled(key)
        .await
        .map_err(Failure::Failed)?;
    let mut kept = overwrite;
    let mut recovered = None;
    loop {
        let answer = engine
            .0
            .get(ask::merge(raw.clone(), kept))
            .await
            .map_err(|e| Failure::Failed(say(&e)))?;
        match answer {
            MergeOutcome::Clean => return Ok((None, recovered)),
            MergeOutcome::Write {
                text,
                adopted,
                conflicts,
            } => {
                let written = storage::write(key, &text);
                if written.is_ok() {
                    storage::written::record(key, &text).await;
                }
                let _ = engine.0.get(ask::saved(written.is_ok())).await;
                written.map_err(Failure::Failed)?;
                return Ok((note(adopted, conflicts), recovered));
            }
            MergeOutcome::Unreadable { reason } if !kept => {
                let text = raw.clone().unwrap_or_default();
                match storage::keep_aside(&text) {
                    Some(backup) => {
                        kept = true;
                        recovered = Some(Recovered {
                            reason,
                            raw: Rc::new(text),
                            backup: Some(backup),
                        });
                    }
                    None => {
                        return Err(Failure::Stopped(
                            format!("{reason}, and it could not be copied aside: nothing is saved until you download it or choose to overwrite it"),
                            Recovered {
                                reason,
                                raw: Rc::new(text),
                                backup: None,
                            },
                        ))
                    }
                }
            }
            _ => return Err(Failure::Failed("the engine answered out of turn".into())),
        }
    }
}

fn note(adopted: usize, conflicts: usize) -> Option<String> {
    match (adopted, conflicts) {
        (0, 0) => None,
        (a, 0) => Some(format!(
            "{a} change{} from another tab were merged in while saving.",
            if a == 1 { "" } else { "s" }
        )),
        (_, c) => Some(format!(
            "{c} exemption{} changed in another tab too; see the conflicts above.",
            if c == 1 { " was" } else { "s were" }
        )),
    }
}
