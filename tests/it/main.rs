//! One integration-test binary: each module runs the real `credrecon` executable or the library on fixtures.

mod support;

mod bad_input;
mod commands;
mod readers;
mod hostile;
mod workbook;
