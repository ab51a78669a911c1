//! An environment kept between visits: a compact binary form, so that
//! reopening a million assessments costs a copy and no parsing or indexing.

use super::Environment;
use crate::error::Error;

/// Marks the format; the number after it changes whenever the layout does.
const MAGIC: &[u8; 10] = b"EXEMPT-ENV";
const VERSION: u32 = 2;

impl Environment {
    /// The environment as bytes, for [`Environment::from_bytes`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        postcard::to_extend(self, out)
            .map_err(|e| Error::invalid(format!("the environment cannot be kept: {e}")))
    }

    /// An environment kept by [`Environment::to_bytes`] of this version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Environment, Error> {
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| Error::invalid("this is not an environment kept by Exempt"))?;
        let (version, body) = body.split_at_checked(4).ok_or_else(|| {
            Error::invalid("the kept environment is cut short: import its files again")
        })?;
        let version = u32::from_le_bytes(version.try_into().expect("four bytes"));
        if version != VERSION {
            return Err(Error::invalid(format!(
                "the environment was kept by another version of Exempt (format {version}, this one reads {VERSION}): import its files again"
            )));
        }
        postcard::from_bytes(body).map_err(|e| {
            Error::invalid(format!(
                "the kept environment cannot be read ({e}): import its files again"
            ))
        })
    }
}

#[cfg(all(test, feature = "demo"))]
mod tests {
    use crate::Session;

    #[test]
    fn a_kept_environment_answers_as_the_original() {
        let env = crate::demo::environment().unwrap();
        let bytes = env.to_bytes().unwrap();
        let back = super::Environment::from_bytes(&bytes).unwrap();
        let at = crate::synth::reference_time();
        let list = crate::demo::exemptions().unwrap().exemptions;
        let mut a = Session::new(env, at);
        let mut b = Session::new(back, at);
        a.set_exemptions(list.clone()).unwrap();
        b.set_exemptions(list).unwrap();
        let (ra, rb) = (a.report(), b.report());
        assert_eq!(
            serde_json::to_value(&ra).unwrap(),
            serde_json::to_value(&rb).unwrap()
        );
        assert!(super::Environment::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(super::Environment::from_bytes(b"EXEMPT-ENV\x09\0\0\0").is_err());
    }
}
