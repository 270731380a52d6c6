//! Packs: many small gzipped files in one, each read on its own by HTTP range requests.
//!
//! Fragments (one per document) and pair shards (thousands at 10,000 handoffs) are each small
//! and fetched a few at a time, so one file apiece made them most of a large site's files. A
//! pack holds [`PACK_BYTES`] or so of them: `search/FOLDER/N.bin` holds members
//! `N × per_pack` onwards, the folder named by the hash of every pack.
//!
//! A pack starts with a table of `count + 1` little-endian u32 byte offsets (from the start of
//! the file), then each member as a gzip member of its own: member `i` is the bytes from offset
//! `i` to offset `i + 1`. The table has a fixed width so that the script reads a member with two
//! range requests (its 8 bytes of the table, then its bytes) and fetches about what a file per
//! member cost, whatever the pack's size. A host that ignores `Range` sends the whole pack,
//! which the script keeps and slices: the same results for more bytes, bounded by the pack size.
//!
//! A query's results are spread over the document numbers (they are in order-key order, not by
//! topic) and its pairs over the buckets (by hash), so packs are not chosen to put what a query
//! needs together: ranges make that unnecessary.

use super::Files;
use crate::search::hash::{FNV64_OFFSET, fnv1a_from};
use serde::{Deserialize, Serialize};

/// About how many bytes (compressed) a pack holds. Larger packs mean fewer files (about 330 for
/// the fragments and pairs of 10,000 handoffs) but more bytes per member on a host that ignores
/// ranges.
pub const PACK_BYTES: usize = 256 * 1024;

/// Where the packs of one kind are: `search/FOLDER/N.bin` holds members from `N × per_pack`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Packs {
    /// `PREFIX-HASH`, hashing every pack.
    pub folder: String,
    /// Members per pack (the last may hold fewer); at least 1.
    pub per_pack: u32,
}

impl Packs {
    /// The file under `search/` holding member `number`, and its position there.
    pub fn locate(&self, number: u32) -> (String, usize) {
        let per = self.per_pack.max(1);
        (format!("{}/{}.bin", self.folder, number / per), (number % per) as usize)
    }
}

/// Packs `members` (each already gzipped) into files under `search/PREFIX-HASH/`.
pub fn write(prefix: &str, members: &[Vec<u8>], files: &mut Files) -> Packs {
    let per_pack = per_pack(members);
    let packs: Vec<Vec<u8>> = members.chunks(per_pack).map(pack).collect();
    // The hash of every pack in turn, as of their concatenation, without making it.
    let hash = packs.iter().fold(FNV64_OFFSET, |hash, pack| fnv1a_from(hash, pack));
    let folder = format!("{prefix}-{hash:016x}");
    files.extend(packs.into_iter().enumerate().map(|(n, bytes)| (format!("search/{folder}/{n}.bin"), bytes)));
    Packs { folder, per_pack: per_pack as u32 }
}

/// Members per pack: as many as fill [`PACK_BYTES`] on average. A fixed count, rather than
/// cutting at a size, lets the script locate a member by division alone; sizes then follow the
/// members' (at 1,000 handoffs, packs of handoff fragments are ~510 KB, of decisions' ~90 KB).
fn per_pack(members: &[Vec<u8>]) -> usize {
    let total: usize = members.iter().map(Vec::len).sum();
    let average = total.div_ceil(members.len().max(1)).max(1);
    (PACK_BYTES / average).max(1)
}

/// The offset table, then the members.
fn pack(members: &[Vec<u8>]) -> Vec<u8> {
    let table = 4 * (members.len() + 1);
    let mut out = Vec::with_capacity(table + members.iter().map(Vec::len).sum::<usize>());
    let mut offset = table as u32;
    out.extend_from_slice(&offset.to_le_bytes());
    for member in members {
        offset += member.len() as u32;
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for member in members {
        out.extend_from_slice(member);
    }
    out
}

/// Member `slot` of a pack, as the script slices it; `None` past the table or the file.
pub fn member(pack: &[u8], slot: usize) -> Option<&[u8]> {
    let offset = |i: usize| -> Option<usize> {
        let bytes = pack.get(4 * i..4 * i + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
    };
    // The table ends where the first member starts.
    if 4 * (slot + 1) >= offset(0)? {
        return None;
    }
    pack.get(offset(slot)?..offset(slot + 1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Members that compress to nothing: a few thousand fill several packs.
    fn members(count: usize) -> Vec<Vec<u8>> {
        (0..count).map(|n| format!("member {n} ").repeat(20 + n % 50).into_bytes()).collect()
    }

    /// Members share files (one per [`PACK_BYTES`], not one each), and each is found where
    /// [`Packs::locate`] says.
    #[test]
    fn members_are_packed_into_few_files_and_each_reads_back() {
        let members = members(3000);
        let mut files = Files::new();
        let packs = write("x", &members, &mut files);
        let total: usize = members.iter().map(Vec::len).sum();
        assert!(files.len() >= 2 && files.len() <= total.div_ceil(PACK_BYTES) + 1, "{} packs", files.len());
        // A fixed count per pack: sizes vary with the members' (here by about a fifth).
        assert!(files.iter().all(|(_, bytes)| bytes.len() < PACK_BYTES * 5 / 4));
        let files: std::collections::HashMap<String, Vec<u8>> = files.into_iter().collect();
        for (n, expected) in members.iter().enumerate() {
            let (file, slot) = packs.locate(n as u32);
            assert!(file.starts_with(&format!("{}/", packs.folder)));
            assert_eq!(member(&files[&format!("search/{file}")], slot), Some(&expected[..]), "member {n}");
        }
    }

    #[test]
    fn a_slot_past_the_table_is_none() {
        let pack = pack(&[b"one".to_vec(), b"three".to_vec()]);
        assert_eq!(member(&pack, 0), Some(&b"one"[..]));
        assert_eq!(member(&pack, 1), Some(&b"three"[..]));
        assert_eq!(member(&pack, 2), None);
        assert_eq!(member(&pack[..6], 0), None);
    }

    #[test]
    fn the_same_members_give_the_same_folder() {
        let (mut a, mut b) = (Files::new(), Files::new());
        assert_eq!(write("x", &members(10), &mut a).folder, write("x", &members(10), &mut b).folder);
        assert_ne!(write("x", &members(10), &mut a).folder, write("x", &members(11), &mut b).folder);
    }
}
