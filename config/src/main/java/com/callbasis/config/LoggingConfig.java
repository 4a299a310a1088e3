package com.callbasis.config;

import java.util.Optional;
import java.nio.file.Path;

/**
 * @param level root log level (error, warn, info, debug, trace)
 * @param file where to write the log; empty means standard output
 */
public record LoggingConfig(String level, Optional<Path> file) {
}
