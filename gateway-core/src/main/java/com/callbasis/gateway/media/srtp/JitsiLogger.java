package com.callbasis.gateway.media.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jitsi.utils.logging2.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends jitsi-srtp's per-context logging to SLF4J instead of java.util.logging. Every message the
 * crypto contexts write is about one packet (replay refusals, cipher errors), so all of them go out
 * at DEBUG (TRACE stays TRACE): at a higher level a peer could flood the log by replaying packets.
 * The relay counts the drops; this is for diagnosis only. Nothing jitsi logs here contains keys.
 */
final class JitsiLogger implements Logger {
    private final org.slf4j.Logger log;

    JitsiLogger(String name) {
        this.log = LoggerFactory.getLogger(name);
    }

    @Override
    public Logger createChildLogger(String name, Map<String, String> context) {
        return new JitsiLogger(name);
    }

    @Override
    public Logger createChildLogger(String name) {
        return new JitsiLogger(name);
    }

    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
        // handlers are logback's business
    }

    @Override
    public void addHandler(Handler handler) {
        // handlers are logback's business
    }

    @Override
    public void removeHandler(Handler handler) {
        // handlers are logback's business
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public void trace(Object msg) {
        log.trace("{}", msg);
    }

    @Override
    public void trace(Supplier<String> msgSupplier) {
        if (log.isTraceEnabled()) {
            log.trace(msgSupplier.get());
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(Object msg) {
        log.debug("{}", msg);
    }

    @Override
    public void debug(Supplier<String> msgSupplier) {
        if (log.isDebugEnabled()) {
            log.debug(msgSupplier.get());
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void info(Object msg) {
        debug(msg);
    }

    @Override
    public void info(Supplier<String> msgSupplier) {
        debug(msgSupplier);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void warn(Object msg) {
        debug(msg);
    }

    @Override
    public void warn(Supplier<String> msgSupplier) {
        debug(msgSupplier);
    }

    @Override
    public void warn(Object msg, Throwable t) {
        log.debug(String.valueOf(msg), t);
    }

    @Override
    public void error(Object msg) {
        debug(msg);
    }

    @Override
    public void error(Supplier<String> msgSupplier) {
        debug(msgSupplier);
    }

    @Override
    public void error(Object msg, Throwable t) {
        log.debug(String.valueOf(msg), t);
    }

    // Levels are configured in logback, not by the library: the setters do nothing.

    @Override
    public void setLevelError() {
    }

    @Override
    public void setLevelWarn() {
    }

    @Override
    public void setLevelInfo() {
    }

    @Override
    public void setLevelDebug() {
    }

    @Override
    public void setLevelTrace() {
    }

    @Override
    public void setLevelAll() {
    }

    @Override
    public void setLevelOff() {
    }

    @Override
    public void setLevel(Level level) {
    }

    @Override
    public Level getLevel() {
        if (log.isTraceEnabled()) {
            return Level.FINEST;
        }
        return log.isDebugEnabled() ? Level.FINE : Level.OFF;
    }

    @Override
    public void addContext(Map<String, String> addedContext) {
    }

    @Override
    public void addContext(String key, String value) {
    }

    /** In jitsi-utils 1.0-147's interface (not in 1.0-114's), hence no {@code @Override}. */
    public void removeContext(String key) {
    }
}
