package io.multiprocess.util;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A logger of {@link ProcessLogging} with a level of its own, as Python's {@code logging.Logger} has:
 * {@code ProcessLogging.getLogger().setLevel(ProcessLogging.SUBDEBUG)} is Python's
 * {@code multiprocessing.get_logger().setLevel(SUBDEBUG)}.
 *
 * <p>The level filters lines before they reach SLF4J: a line below it is dropped, a line at or above it
 * still goes through the SLF4J back end, whose own configured level applies too (so lowering the level
 * below the back end's shows nothing more). After {@link ProcessLogging#logToStderr(Level)} the library's
 * lines go to standard error and this level alone decides. A logger without a level of its own takes the
 * level of its nearest dotted ancestor that has one ({@code io.multiprocess.pool} that of
 * {@code io.multiprocess}), as Python's loggers do. Levels set before a child starts are the child's
 * levels too.
 */
public interface MultiprocessLogger extends Logger {

    /**
     * Sets this logger's level: lines below it are dropped. Python's {@code logger.setLevel(level)}.
     *
     * @param level the lowest level logged, or null to drop this logger's own level (Python's
     *              {@code NOTSET}): it then takes its ancestors' level
     */
    void setLevel(@Nullable Level level);

    /**
     * Sets this logger's level from one of Python's numeric levels, such as
     * {@link ProcessLogging#SUBDEBUG} or {@link ProcessLogging#SUBWARNING}, mapped as
     * {@link ProcessLogging#toLevel(int)} maps them; {@link ProcessLogging#NOTSET} drops the level.
     *
     * @param pythonLevel the numeric level, 0 or more
     * @throws IllegalArgumentException if the level is negative
     */
    default void setLevel(int pythonLevel) {
        setLevel(ProcessLogging.toLevel(pythonLevel).orElse(null));
    }

    /**
     * This logger's own level, set by {@link #setLevel(Level)} here or in the parent process.
     *
     * @return the level, or empty when none is set on this logger itself
     */
    Optional<Level> getLevel();

    /**
     * The level that filters this logger's lines: its own, or its nearest ancestor's. Python's
     * {@code getEffectiveLevel()}, except that the SLF4J back end's own level is not known here.
     *
     * @return the level, or empty when neither this logger nor an ancestor has one
     */
    Optional<Level> getEffectiveLevel();
}
