//! The demo environment, embedded so that the CLI and the app run anywhere
//! with no input: a Contoso tenant in the shape of real exports (see
//! `demo/README.md`).

use crate::error::Error;
use crate::exemption::ExemptionFile;
use crate::input::load_json;
use crate::{Environment, EnvironmentBuilder};

/// The Resource Graph files, with the names they have in the repository.
pub const FILES: [(&str, &str); 4] = [
    (
        "demo/containers.json",
        include_str!("../../../demo/containers.json"),
    ),
    (
        "demo/controls.json",
        include_str!("../../../demo/controls.json"),
    ),
    (
        "demo/assessments.json",
        include_str!("../../../demo/assessments.json"),
    ),
    (
        "demo/findings.json",
        include_str!("../../../demo/findings.json"),
    ),
];

/// The demo exemption file.
pub const EXEMPTIONS: (&str, &str) = (
    "demo/exemptions.json",
    include_str!("../../../demo/exemptions.json"),
);

/// Loads the demo files into `builder`.
pub fn load(builder: &mut EnvironmentBuilder) -> Result<(), Error> {
    for (name, text) in FILES {
        load_json(builder, name, text)?;
    }
    Ok(())
}

/// The demo environment.
pub fn environment() -> Result<Environment, Error> {
    let mut builder = EnvironmentBuilder::new();
    load(&mut builder)?;
    builder.finish()
}

/// The demo exemptions.
pub fn exemptions() -> Result<ExemptionFile, Error> {
    ExemptionFile::parse(EXEMPTIONS.1).map_err(|e| e.in_file(EXEMPTIONS.0))
}
