//! One integration-test binary: each module runs the real `credrecon` executable or the library on fixtures.

mod support;

mod accounting;
mod archives;
mod bad_input;
mod commands;
mod faults;
mod hostile;
mod html_tables;
mod init_corpus;
mod parquet;
mod readers;
mod real_files;
mod reports;
mod rules_compliance;
mod rules_enrollment;
mod rules_exclusions;
mod rules_expirations;
mod rules_in_memory;
mod rules_licensure;
mod rules_nppes;
mod rules_psv;
mod rules_quality;
mod samples;
mod sparse;
mod spec_v2;
mod trend;
mod workbook;
