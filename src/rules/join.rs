//! Columnar key joins through polars, with the key cardinality made explicit.

use polars::prelude::*;
use std::collections::HashMap;

/// For each left row, the right rows whose key equals its key (empty keys never match), in right-row order.
/// Built as one polars inner join over (key, row) frames; a left row may carry several keys (e.g. name blocks).
pub fn lookup<S: AsRef<str>>(left: &[Vec<S>], right: &[Vec<S>]) -> Vec<Vec<usize>> {
    fn pairs<S: AsRef<str>>(rows: &[Vec<S>]) -> Vec<(&str, u32)> {
        rows.iter()
            .enumerate()
            .flat_map(|(i, ks)| ks.iter().map(move |k| (k.as_ref(), i as u32)))
            .collect()
    }
    join_pairs(left.len(), &pairs(left), &pairs(right))
}

/// Single-key form of [`lookup`].
pub fn lookup_one<S: AsRef<str>>(left: &[S], right: &[S]) -> Vec<Vec<usize>> {
    fn pairs<S: AsRef<str>>(rows: &[S]) -> Vec<(&str, u32)> {
        rows.iter()
            .enumerate()
            .map(|(i, k)| (k.as_ref(), i as u32))
            .collect()
    }
    join_pairs(left.len(), &pairs(left), &pairs(right))
}

/// The join itself, over (key, row) pairs; empty keys are dropped first.
fn join_pairs(left_rows: usize, left: &[(&str, u32)], right: &[(&str, u32)]) -> Vec<Vec<usize>> {
    let frame = |pairs: &[(&str, u32)], idx: &str| -> DataFrame {
        let (keys, ids): (Vec<&str>, Vec<u32>) =
            pairs.iter().filter(|(k, _)| !k.is_empty()).copied().unzip();
        let height = keys.len();
        DataFrame::new(
            height,
            vec![Column::new("k".into(), keys), Column::new(idx.into(), ids)],
        )
        .expect("equal lengths")
    };
    let l = frame(left, "l");
    let r = frame(right, "r");
    let mut out = vec![Vec::new(); left_rows];
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
