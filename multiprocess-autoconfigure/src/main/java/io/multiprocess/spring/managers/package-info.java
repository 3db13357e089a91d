/**
 * The application's {@code SyncManager} in a Spring context (Python's {@code multiprocessing.managers}):
 * started on first use, shut down with the context.
 */
@NullMarked
package io.multiprocess.spring.managers;

import org.jspecify.annotations.NullMarked;
