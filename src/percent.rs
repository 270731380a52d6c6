//! Percent-decoding, once, for the two places that read URLs: links in Markdown (`a%20b.md`)
//! and request paths in `baton serve`. One decoder so both agree on what `%2e` or `%+1` means.

/// `%20` → a space byte, once (`%252e` stays `%2e`). An escape that is not `%` and two hex digits
/// (`100%`, `%zz`, `%+1`) is kept as written.
pub fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = bytes.get(index + 1..index + 3).filter(|_| byte == b'%').and_then(hex_byte);
        match escaped {
            Some(value) => {
                decoded.push(value);
                index += 3;
            }
            None => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    decoded
}

/// Two ASCII hex digits as a byte. Stricter than `u8::from_str_radix`, which takes `+1`.
fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    match pair {
        [high, low] => Some(u8::try_from(digit(*high)? * 16 + digit(*low)?).ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn escapes_are_decoded_once_and_bad_ones_kept() {
        assert_eq!(decode(b"a%20b%2Fc"), b"a b/c");
        assert_eq!(decode(b"%252e%2E"), b"%2e.");
        assert_eq!(decode(b"%C3%A9"), "é".as_bytes());
        assert_eq!(decode(b"100%"), b"100%");
        assert_eq!(decode(b"%+1%zz%4"), b"%+1%zz%4");
        assert_eq!(decode(b"%ff"), [0xff]);
    }
}
