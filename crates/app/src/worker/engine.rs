//! The worker's state: the core's [`Workspace`] and which environment it
//! shows. This only converts: every number, rule and word comes from the
//! workspace; the worker adds its clock and its source of ids.

use crate::clock::now;
use crate::protocol::{EnvironmentChoice, Summary};
use exempt_core::session::ReviewStage;
use exempt_core::synth::{Spec, Synth};
use exempt_core::workspace::{Held, Opened};
use exempt_core::{Error, ExemptionFile, Workspace};

/// Work per slice of the background review, in assessments: a slice takes
/// a few tens of milliseconds, so a request waits at most that long.
const REVIEW_BUDGET: usize = 40_000;

/// How many generated exemptions the Settings page may ask for.
pub const MAX_GENERATED: u32 = 200_000;

/// The workspace, and which environment it shows.
pub struct Engine {
    pub(super) workspace: Workspace,
    environment: EnvironmentChoice,
}

/// The worker's wasm memory: it only grows, so this is its peak.
fn heap_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as u64) * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            workspace: Workspace::new(Box::new(crate::random::uuid)),
            environment: EnvironmentChoice::Demo,
        }
    }
}

impl Engine {
    /// The definition files the workspace keeps, by name.
    pub fn definitions_kept(&self) -> Vec<String> {
        self.workspace.definitions_kept().to_vec()
    }

    /// The state the page shows everywhere.
    pub fn summary(&self) -> Summary {
        Summary {
            environment: self.environment.clone(),
            status: self.workspace.status(),
            heap_bytes: heap_bytes(),
        }
    }

    /// Loads an environment: the long step of opening.
    pub fn load_environment(&mut self, environment: &EnvironmentChoice) -> Result<(), Error> {
        if self.holds(environment) {
            return Ok(());
        }
        let env = match environment {
            EnvironmentChoice::Demo => exempt_core::demo::environment()?,
            EnvironmentChoice::Large => Synth::new(Spec::large()).environment(),
            EnvironmentChoice::Findings => {
                Synth::new(findings_spec(0)).environment_with_findings(FINDINGS_PER_ASSESSMENT)
            }
            EnvironmentChoice::Hosted => {
                return Err(Error::not_found(
                    "a hosted environment comes only from its host page",
                ))
            }
            // Read from IndexedDB by the worker's queue, then installed.
            EnvironmentChoice::Imported(_) => {
                return Err(Error::not_found(
                    "an imported environment is read from storage",
                ))
            }
        };
        self.install(env, environment.clone());
        Ok(())
    }

    /// Reads the stored document and evaluates it; with `seed`, and no
    /// document, starts the demo with its example exemptions (those the
    /// command line's demo uses), so a first visit shows it working.
    pub fn open_document(&mut self, text: Option<&str>, seed: bool) -> Result<Opened, Error> {
        let seed = if seed && self.environment == EnvironmentChoice::Demo {
            Some(exempt_core::demo::exemptions()?.exemptions)
        } else {
            None
        };
        self.workspace.open(text, seed, now())
    }

    /// Shows `env` (read from storage or just imported) as `environment`;
    /// its document is opened next.
    pub fn install(&mut self, env: exempt_core::Environment, environment: EnvironmentChoice) {
        self.environment = environment;
        self.workspace.set_environment(env, now());
    }

    /// Whether `environment` is the one loaded.
    pub fn holds(&self, environment: &EnvironmentChoice) -> bool {
        self.workspace.has_environment() && &self.environment == environment
    }

    /// The loaded environment's kept bytes.
    pub fn environment_bytes(&self) -> Result<Vec<u8>, Error> {
        self.workspace.session()?.environment().to_bytes()
    }

    /// Shows an environment made of export files, with no exemptions, kept
    /// in memory only.
    pub fn load_files(&mut self, files: &[(String, String)]) -> Result<(), Error> {
        self.workspace
            .load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())), now())?;
        self.environment = EnvironmentChoice::Hosted;
        Ok(())
    }

    /// Shows the exemptions of an exemption file, kept in memory only.
    pub fn host_exemptions(&mut self, text: &str) -> Result<(), Error> {
        let file = ExemptionFile::parse(text)?;
        self.workspace.hold_file(file, Held::Hosted, now())
    }

    /// Replaces the exemptions, in memory only, by `count` generated ones;
    /// in the environment with findings, one in five carries a
    /// Vulnerabilities condition.
    pub fn generate(&mut self, count: u32) -> Result<(), Error> {
        let count = count.min(MAX_GENERATED) as usize;
        let generated = if self.environment == EnvironmentChoice::Findings {
            Synth::new(findings_spec(count)).exemptions_with_conditions(count / 5)
        } else {
            Synth::new(Spec {
                exemptions: count,
                ..Spec::large()
            })
            .exemptions()
        };
        let exemptions = generated
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e.id = Some(format!("generated-{i}"));
                e
            })
            .collect();
        self.workspace.hold(exemptions, Held::Generated, now())
    }

    /// A slice of the lifecycle review: what it worked on and how far it
    /// has come, or `None` when there is nothing left to do.
    pub fn review_step(&mut self) -> Option<(&'static str, usize, usize)> {
        let s = self.workspace.session().ok()?;
        if !s.rows_prepared() {
            s.prepare_rows();
            return Some(("Preparing the exemptions list", 0, 0));
        }
        let p = s.review_step(REVIEW_BUDGET);
        let label = match p.stage {
            ReviewStage::Done if !self.workspace.problems_ready() => {
                // A failure leaves the list without its Problems column;
                // the panel asks again and says why.
                if self.workspace.prepare_problems().is_err() {
                    return None;
                }
                "Checking exemptions before deployment"
            }
            ReviewStage::Done => return None,
            ReviewStage::Matching => "Matching exemptions to assessments",
            ReviewStage::Findings => "Checking exemptions for overlaps and stale ones",
            ReviewStage::Worth => "Measuring each exemption's effect",
        };
        Some((label, p.done, p.total))
    }
}

/// Findings under each assessment of the environment with findings.
const FINDINGS_PER_ASSESSMENT: usize = 5;

/// The environment with findings, as the findings benchmark has it.
fn findings_spec(exemptions: usize) -> Spec {
    Spec {
        exemptions,
        ..Spec::with_assessments(200_000)
    }
}
