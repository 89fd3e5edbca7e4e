//! One module per subcommand: each translates its arguments and calls the library.

pub mod check;
pub mod init;
pub mod profiles;
pub mod run;
