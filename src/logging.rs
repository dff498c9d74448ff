//! log4rs set-up from `config/log4rs.yaml`, with a console fallback when the file is absent.

use std::path::Path;

use log::LevelFilter;
use log4rs::append::console::ConsoleAppender;
use log4rs::config::{Appender, Config, Root};
use log4rs::encode::pattern::PatternEncoder;

pub fn init(config_file: &str) -> anyhow::Result<()> {
    if Path::new(config_file).exists() {
        log4rs::init_file(config_file, Default::default())
            .map_err(|e| anyhow::anyhow!("loading {config_file}: {e}"))?;
        return Ok(());
    }
    let stdout = ConsoleAppender::builder()
        .encoder(Box::new(PatternEncoder::new(
            "{d(%Y-%m-%dT%H:%M:%S%.3f%:z)} {l:5} {t} - {m}{n}",
        )))
        .build();
    let config = Config::builder()
        .appender(Appender::builder().build("stdout", Box::new(stdout)))
        .build(Root::builder().appender("stdout").build(LevelFilter::Info))?;
    log4rs::init_config(config)?;
    log::warn!("{config_file} not found: logging to the console only");
    Ok(())
}
