//! A small stable hash (64-bit FNV-1a) for content fingerprints and content-hashed file names.
//!
//! Not cryptographic and not meant to be: it only has to change when bytes change and stay the
//! same across runs, platforms and Rust versions (which `std::hash` does not promise).

/// Where 64-bit FNV-1a starts.
pub const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV64_OFFSET, bytes)
}

/// FNV-1a of `bytes` continued from `hash`: hashing parts in turn equals hashing them joined,
/// without joining them.
pub fn fnv1a_from(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Where 32-bit FNV-1a starts.
pub const FNV32_OFFSET: u32 = 0x811c_9dc5;

/// 32-bit FNV-1a, which the page's script computes too (to find a word pair's shard).
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    fnv1a32_from(FNV32_OFFSET, bytes)
}

/// 32-bit FNV-1a of `bytes` continued from `hash`: hashing parts in turn equals hashing them joined.
pub fn fnv1a32_from(mut hash: u32, bytes: &[u8]) -> u32 {
    for byte in bytes {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// FNV-1a as 16 lowercase hex digits.
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_hex(b"foobar"), "85944171f73967e8");
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
        assert_eq!(fnv1a_from(fnv1a(b"foo"), b"bar"), fnv1a(b"foobar"));
    }
}
