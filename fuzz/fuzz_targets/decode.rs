//! Bytes as files arrive: decoding agrees with the standard library for
//! UTF-8 (with or without a byte-order mark) and UTF-16 (with one).

#![no_main]

use libfuzzer_sys::fuzz_target;

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<String> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).ok()
}

fuzz_target!(|data: &[u8]| {
    let decoded = exempt_core::encoding::decode(data);
    let expected = if let Some(rest) = data.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        std::str::from_utf8(rest).ok().map(str::to_string)
    } else if let Some(rest) = data.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = data.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        std::str::from_utf8(data).ok().map(str::to_string)
    };
    match (&decoded, &expected) {
        (Ok(text), Some(wanted)) => assert_eq!(text.as_ref(), wanted),
        (Err(message), None) => assert!(!message.is_empty()),
        _ => panic!("decode gave {decoded:?}, the standard library {expected:?}"),
    }
});
