package io.sac4j.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The library's SLF4J loggers, silent unless the application chose a logging provider. Public so that
 * sac4j's other modules (sac4j-gym) log the same way.
 *
 * <p>SLF4J 2 prints three lines to stderr ({@code SLF4J(W): No SLF4J providers were found. ...}) the
 * first time {@link LoggerFactory} is asked for a logger and no provider is on the class path; a
 * library must not print into an application that never asked for logging. So when no provider is
 * visible where {@code LoggerFactory} looks for one (a {@link ServiceLoader} of
 * {@link SLF4JServiceProvider} on {@code LoggerFactory}'s class loader) and none is named by the
 * {@code slf4j.provider} system property, the loggers here are SLF4J's no-operation logger and
 * {@code LoggerFactory} is never touched: nothing is printed. With a provider (slf4j-simple, Logback,
 * Log4j's bridge, the CLI's own), {@code LoggerFactory} decides as usual.
 */
public final class LibraryLog {
    /** SLF4J's system property naming a provider class explicitly (SLF4J 2.0.9 and later). */
    static final String PROVIDER_PROPERTY = "slf4j.provider";

    private LibraryLog() {
    }

    /** The logger of {@code owner}, or the no-operation logger when no provider is there. */
    public static Logger get(Class<?> owner) {
        return providerPresent() ? LoggerFactory.getLogger(owner) : NOPLogger.NOP_LOGGER;
    }

    /** Whether SLF4J would find a provider: one named by {@value #PROVIDER_PROPERTY} or a service on its loader. */
    static boolean providerPresent() {
        if (System.getProperty(PROVIDER_PROPERTY) != null) {
            return true;
        }
        try {
            // stream() lists the providers without instantiating them.
            return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).stream()
                    .findAny().isPresent();
        } catch (ServiceConfigurationError e) {
            return true; // a broken provider entry: let SLF4J itself report it
        }
    }
}
