//! The command line: `toutiao` alone serves everything; subcommands do the rest.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "toutiao",
    version,
    about = "Backend of a Toutiao-style news app"
)]
pub struct Cli {
    /// Directory holding default.toml (and an optional local.toml) and log4rs.yaml.
    #[arg(
        long,
        global = true,
        default_value = "config",
        env = "TOUTIAO_CONFIG_DIR"
    )]
    pub config_dir: PathBuf,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default when no command is given).
    Serve,
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate,
    /// Administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator, or reset the password of an existing one. The password is
    /// read from TOUTIAO_ADMIN_PASSWORD, or asked for at a prompt.
    Create {
        #[arg(long)]
        username: String,
    },
}
