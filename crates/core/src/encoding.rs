//! Text as files arrive: UTF-8 with or without a byte-order mark, or UTF-16
//! (little or big endian) with one, as Windows PowerShell writes them.

use crate::error::Error;
use std::borrow::Cow;

/// The file's bytes as text, or why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        Error::invalid(format!(
            "the file is not UTF-8 or UTF-16 text (invalid byte at offset {}); save it as UTF-8",
            e.valid_up_to()
        ))
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Error> {
    if bytes.len() % 2 != 0 {
        return Err(Error::invalid(
            "the UTF-16 file has an odd number of bytes: it is cut short",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .enumerate()
        .map(|(i, c)| {
            c.map_err(|_| {
                Error::invalid(format!(
                    "the UTF-16 file has an unpaired surrogate at character {}",
                    i + 1
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_powershell_writes() {
        let text = "[{\"a\": \"é\"}]";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), text);
        assert_eq!(decode(&be).unwrap(), text);
        assert!(decode(&le[..le.len() - 1])
            .unwrap_err()
            .message
            .contains("cut short"));
        assert!(decode(&[0x80, 0x80])
            .unwrap_err()
            .message
            .contains("not UTF-8"));
    }
}
