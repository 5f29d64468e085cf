package dev.vaekit.spark;

import dev.vaekit.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps Spark's own log quiet once a job fails on bad input: a task that meets a malformed row throws an {@link
 * InvalidInputException}, and Spark logs it several times over (the executor's error with its stack trace, the
 * scheduler's lost task, the aborted stage and the aborted write), some 40 lines before vaekit-spark's own one-line
 * message. This filter drops the first event that carries such an exception (as a cause, or named in the message of a
 * task lost on a remote executor) and every event after it, for the rest of the job. Events before it, and every event
 * of a job that does not meet bad input, pass as they would without it.
 *
 * <p>It is installed on every logger configuration of Spark's logging backend (log4j 2) for one job and removed after
 * it ({@link #install}); where the backend is another, nothing is installed.
 */
final class BadInputLogFilter extends AbstractFilter {

    /** How a task lost on a remote executor names the exception in the driver's log message. */
    private static final String NAME = InvalidInputException.class.getName();

    private volatile boolean badInput;

    BadInputLogFilter() {
        super(Filter.Result.NEUTRAL, Filter.Result.DENY);
    }

    /** @return whether an event about bad input has been seen (and everything since dropped) */
    boolean sawBadInput() {
        return badInput;
    }

    @Override
    public Result filter(LogEvent event) {
        if (badInput) {
            return Result.DENY;
        }
        String message = event.getMessage() == null ? null : event.getMessage().getFormattedMessage();
        if (carriesBadInput(event.getThrown()) || (message != null && message.contains(NAME))) {
            badInput = true;
            return Result.DENY;
        }
        return Result.NEUTRAL;
    }

    /** @return whether the throwable or one of its causes is bad input */
    static boolean carriesBadInput(Throwable t) {
        for (int depth = 0; t != null && depth < 100; depth++, t = t.getCause()) {
            if (t instanceof InvalidInputException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Installs a filter on every logger configuration of the current log4j 2 context.
     *
     * @return a handle that removes it again, or a handle that does nothing where the logging backend is not log4j 2's
     */
    static Installed install() {
        BadInputLogFilter filter = new BadInputLogFilter();
        LoggerContext context;
        try {
            if (!(LogManager.getContext(false) instanceof LoggerContext c)) {
                return new Installed(filter, null, List.of());
            }
            context = c;
        } catch (LinkageError e) { // log4j-core absent: a cluster with another backend
            return new Installed(filter, null, List.of());
        }
        Configuration config = context.getConfiguration();
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        if (!loggers.contains(config.getRootLogger())) {
            loggers.add(config.getRootLogger());
        }
        filter.start();
        for (LoggerConfig logger : loggers) {
            logger.addFilter(filter);
        }
        context.updateLoggers();
        return new Installed(filter, context, loggers);
    }

    /** An installed filter; closing it removes the filter. */
    static final class Installed implements AutoCloseable {
        private final BadInputLogFilter filter;
        private final LoggerContext context;
        private final List<LoggerConfig> loggers;

        private Installed(BadInputLogFilter filter, LoggerContext context, List<LoggerConfig> loggers) {
            this.filter = filter;
            this.context = context;
            this.loggers = loggers;
        }

        /** @return the filter */
        BadInputLogFilter filter() {
            return filter;
        }

        @Override
        public void close() {
            if (context == null) {
                return;
            }
            for (LoggerConfig logger : loggers) {
                logger.removeFilter(filter);
            }
            filter.stop();
            context.updateLoggers();
        }
    }
}
