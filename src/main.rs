//! Thin binary: parse the command line, load settings, start logging, dispatch.

use std::process::ExitCode;

use clap::Parser;
use toutiao::cli::Cli;
use toutiao::config::Settings;

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.config_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("toutiao: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = toutiao::logging::init(&settings.log.config_file) {
        eprintln!("toutiao: {e:#}");
        return ExitCode::FAILURE;
    }
    match toutiao::commands::dispatch(cli.command, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error!("{e:#}");
            eprintln!("toutiao: {e:#}");
            ExitCode::FAILURE
        }
    }
}
