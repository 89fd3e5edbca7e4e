//! The one conversion of spreadsheet cells, on every kind of cell calamine can return.
#![no_main]

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};
use credrecon::ingest::sheet::cell_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&tag, rest)) = data.split_first() else {
        return;
    };
    let float = |b: &[u8]| {
        let mut a = [0u8; 8];
        let n = b.len().min(8);
        a[..n].copy_from_slice(&b[..n]);
        f64::from_le_bytes(a)
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let cell = match tag % 9 {
        0 => Data::Empty,
        1 => Data::String(text),
        2 => Data::Int(float(rest).to_bits() as i64),
        3 => Data::Float(float(rest)),
        4 => Data::Bool(rest.first().is_some_and(|b| b & 1 == 1)),
        5 => Data::DateTime(ExcelDateTime::new(
            float(rest),
            ExcelDateTimeType::DateTime,
            tag & 0x10 != 0,
        )),
        6 => Data::DateTime(ExcelDateTime::new(
            float(rest),
            ExcelDateTimeType::TimeDelta,
            false,
        )),
        7 => Data::DateTimeIso(text),
        _ => Data::Error(CellErrorType::Value),
    };
    let _ = cell_text(&cell);
});
