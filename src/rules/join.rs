//! Columnar key joins through polars, with the key cardinality made explicit.

use polars::prelude::*;
use std::collections::HashMap;

/// For each left row, the right rows whose key equals its key (empty keys never match), in right-row order.
/// Built as one polars inner join over (key, row) frames; a left row may carry several keys (e.g. name blocks).
pub fn lookup(left: &[Vec<String>], right: &[Vec<String>]) -> Vec<Vec<usize>> {
    let explode = |rows: &[Vec<String>], key: &str, idx: &str| -> DataFrame {
        let mut keys = Vec::new();
        let mut ids = Vec::new();
        for (i, ks) in rows.iter().enumerate() {
            for k in ks.iter().filter(|k| !k.is_empty()) {
                keys.push(k.as_str());
                ids.push(i as u32);
            }
        }
        let height = keys.len();
        DataFrame::new(
            height,
            vec![Column::new(key.into(), keys), Column::new(idx.into(), ids)],
        )
        .expect("equal lengths")
    };
    let l = explode(left, "k", "l");
    let r = explode(right, "k", "r");
    let mut out = vec![Vec::new(); left.len()];
    if l.height() == 0 || r.height() == 0 {
        return out;
    }
    let joined = l
        .lazy()
        .join(
            r.lazy(),
            [col("k")],
            [col("k")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([col("l"), col("r")])
        .collect()
        .expect("a join of two in-memory frames with matching key types");
    let li = joined.column("l").and_then(|c| c.u32().cloned());
    let ri = joined.column("r").and_then(|c| c.u32().cloned());
    if let (Ok(li), Ok(ri)) = (li, ri) {
        for (l, r) in li.iter().zip(ri.iter()) {
            if let (Some(l), Some(r)) = (l, r) {
                out[l as usize].push(r as usize);
            }
        }
    }
    for matches in &mut out {
        matches.sort_unstable();
        matches.dedup();
    }
    out
}

/// Single-key convenience over [`lookup`].
pub fn lookup_one(left: &[String], right: &[String]) -> Vec<Vec<usize>> {
    let wrap = |v: &[String]| v.iter().map(|k| vec![k.clone()]).collect::<Vec<_>>();
    lookup(&wrap(left), &wrap(right))
}

/// Keys held by more than one row: the cardinality check made before a join that expects one row per key.
pub fn duplicates(keys: &[String]) -> Vec<(String, Vec<usize>)> {
    let mut rows: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
        rows.entry(k.as_str()).or_default().push(i);
    }
    let mut dups: Vec<(String, Vec<usize>)> = rows
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    dups.sort();
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_every_match_and_never_matches_empty_keys() {
        let left = vec!["A".to_string(), "B".into(), String::new(), "Z".into()];
        let right = vec!["B".to_string(), "A".into(), "B".into(), String::new()];
        assert_eq!(
            lookup_one(&left, &right),
            vec![vec![1], vec![0, 2], vec![], vec![]]
        );
    }

    #[test]
    fn duplicates_lists_each_repeated_key_once() {
        let keys = vec![
            "1".to_string(),
            "2".into(),
            "1".into(),
            String::new(),
            String::new(),
        ];
        assert_eq!(duplicates(&keys), vec![("1".to_string(), vec![0, 2])]);
    }
}
