//! Requests that wait on storage or on an import: opening an environment
//! (imported ones are read from IndexedDB, the large generated one is read
//! back when kept), reading an import's files, keeping and forgetting
//! environments. Answers come when the storage does; the queue goes on
//! meanwhile.

use super::{import, Worker};
use crate::protocol::{Answer, EnvironmentChoice, Kept, Reply, Request, ToPage};
use crate::storage::idb;
use exempt_core::{Environment, Error};
use std::rc::Rc;

/// Where the generated large environment is kept once built.
const LARGE_KEY: &str = "large";

impl Worker {
    fn reply(&self, id: u64, answer: Result<Answer, Error>) {
        self.post(&ToPage::Reply(Reply { id, answer }));
    }

    /// Opens an environment and then its document (the `Open` request).
    pub(super) fn open(self: &Rc<Self>, id: u64, environment: EnvironmentChoice, request: Request) {
        if self.engine.borrow().holds(&environment) {
            return self.answer(id, request);
        }
        match &environment {
            EnvironmentChoice::Imported(key) => {
                self.progress(
                    id,
                    "Reading the environment from this browser's storage",
                    0,
                    2,
                );
                let kept = self.importing.borrow_mut().take_kept(key);
                let (me, key) = (self.clone(), key.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let env = match kept {
                        Some(env) => Ok(env),
                        None => read(&key).await,
                    };
                    me.install(id, env, environment, request);
                });
            }
            EnvironmentChoice::Large => {
                self.progress(id, "Reading the large environment", 0, 2);
                let me = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // Kept from an earlier visit, or generated (and kept).
                    let kept = idb::get(LARGE_KEY).await.ok().flatten();
                    let env = match kept.map(|b| Environment::from_bytes(&b)) {
                        Some(Ok(env)) => env,
                        _ => {
                            me.progress(id, "Generating and indexing 1,000,000 assessments", 0, 2);
                            let env =
                                exempt_core::synth::Synth::new(exempt_core::synth::Spec::large())
                                    .environment();
                            if let Ok(bytes) = env.to_bytes() {
                                wasm_bindgen_futures::spawn_local(async move {
                                    // Only a faster next visit is lost if this fails.
                                    let _ = idb::put(LARGE_KEY, &bytes).await;
                                });
                            }
                            env
                        }
                    };
                    me.install(id, Ok(env), EnvironmentChoice::Large, request);
                });
            }
            _ => {
                let label = match environment {
                    EnvironmentChoice::Hosted => "Loading the host page's environment",
                    EnvironmentChoice::Findings => {
                        "Generating and indexing 1,000,000 vulnerability findings"
                    }
                    _ => "Loading the demo environment",
                };
                self.progress(id, label, 0, 2);
                if let Err(e) = self.engine.borrow_mut().load_environment(&environment) {
                    return self.reply(id, Err(e));
                }
                self.progress(id, "Evaluating the exemptions", 1, 2);
                self.answer(id, request);
            }
        }
    }

    fn install(
        self: &Rc<Self>,
        id: u64,
        env: Result<Environment, Error>,
        environment: EnvironmentChoice,
        request: Request,
    ) {
        match env {
            Ok(env) => {
                self.progress(id, "Evaluating the exemptions", 1, 2);
                self.engine.borrow_mut().install(env, environment);
                self.answer(id, request);
            }
            Err(e) => self.reply(id, Err(e)),
        }
    }

    /// The import's steps, with a file taken from beside its request.
    pub(super) fn import(&self, id: u64, request: Request) -> Result<Answer, Error> {
        let mut importing = self.importing.borrow_mut();
        match request {
            Request::ImportBegin => {
                importing.begin();
                Ok(Answer::Done)
            }
            Request::ImportFile(name) => {
                let file = self.files.borrow_mut().remove(&id).ok_or_else(|| {
                    Error::input(&name, None, "the file's contents did not arrive")
                })?;
                let bytes = import::read(&name, &file)?;
                importing.file(&name, &bytes)
            }
            Request::ImportFinish => {
                self.progress(id, "Indexing the environment", 0, 1);
                importing
                    .finish()
                    .map(|summary| Answer::ImportSummary(Box::new(summary)))
            }
            _ => {
                importing.cancel();
                Ok(Answer::Done)
            }
        }
    }

    /// Keeps the built environment under `key`; on failure it stays built,
    /// so nothing is lost and the user can try again.
    pub(super) fn keep(self: &Rc<Self>, id: u64, key: String) {
        let env = match self.importing.borrow_mut().take_built() {
            Ok(env) => env,
            Err(e) => return self.reply(id, Err(e)),
        };
        let bytes = match env.to_bytes() {
            Ok(b) => b,
            Err(e) => {
                self.importing.borrow_mut().restore_built(env);
                return self.reply(id, Err(e));
            }
        };
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match idb::put(&key, &bytes).await {
                Ok(()) => {
                    let answer = Answer::Kept(Kept {
                        assessments: env.assessment_count() as u64,
                        resources: env.resource_count() as u64,
                        bytes: bytes.len() as u64,
                    });
                    me.importing.borrow_mut().kept(key, env);
                    me.reply(id, Ok(answer));
                }
                Err(why) => {
                    me.importing.borrow_mut().restore_built(env);
                    me.reply(id, Err(Error::invalid(why)));
                }
            }
        });
    }

    /// Forgets a kept environment.
    pub(super) fn forget(self: &Rc<Self>, id: u64, key: String) {
        self.importing.borrow_mut().take_kept(&key);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = idb::delete(&key)
                .await
                .map(|()| Answer::Done)
                .map_err(Error::invalid);
            me.reply(id, answer);
        });
    }
}

/// An imported environment from IndexedDB.
async fn read(key: &str) -> Result<Environment, Error> {
    match idb::get(key).await.map_err(Error::invalid)? {
        Some(bytes) => Environment::from_bytes(&bytes),
        None => Err(Error::not_found(
            "this environment is no longer kept in this browser (it was deleted, or the browser cleared its storage): import its files again",
        )),
    }
}
