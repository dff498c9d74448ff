//! The command line: `toutiao` alone serves everything; subcommands do the rest.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Serve the API and Socket.IO (the default when no command is given).
    Serve {
        /// Run one part only: `api` (REST) or `im` (Socket.IO); both when absent.
        #[arg(long, value_enum)]
        only: Option<Role>,
    },
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate,
    /// Administrator accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Rebuild the search index from scratch (searches use the old one until it is done).
    Reindex,
    /// Fill the channels with demo users, approved articles, comments, replies and likes
    /// (refused in production mode).
    SeedDemo {
        /// How many users to create (their mobiles are 199xxxxxxxx).
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=50_000_000))]
        users: u32,
        /// How many articles to create.
        #[arg(long, default_value_t = 2_000)]
        articles: u32,
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

/// The parts `toutiao serve --only` can run alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// The REST API.
    Api,
    /// The Socket.IO server (notifications and chat).
    Im,
}
