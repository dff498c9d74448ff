//! What each command line does.

mod admin;
mod migrate;
mod reindex;
mod seed_demo;
mod serve;

use crate::cli::{AdminCommand, Command};
use crate::config::Settings;

pub async fn dispatch(command: Option<Command>, settings: Settings) -> anyhow::Result<()> {
    match command.unwrap_or(Command::Serve { only: None }) {
        Command::Serve { only } => serve::serve(settings, only).await,
        Command::Migrate => migrate::migrate(settings).await,
        Command::Admin {
            command: AdminCommand::Create { username },
        } => admin::create(settings, username).await,
        Command::Reindex => reindex::reindex(settings).await,
        Command::SeedDemo { users, articles } => {
            seed_demo::seed_demo(settings, users as usize, articles as usize).await
        }
    }
}
