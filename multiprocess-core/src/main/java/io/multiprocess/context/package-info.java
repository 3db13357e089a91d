/**
 * Contexts: a start method and the settings of the child JVMs, carrying the factory of every object
 * of the library, so that objects made from one context use its start method.
 *
 * <p>Mirrors Python's {@code multiprocessing.context}: {@link io.multiprocess.context.ProcessContext}
 * is {@code BaseContext} with its start method bound, and {@link io.multiprocess.context.DefaultContext}
 * is the process-wide default that the module-level functions of {@link io.multiprocess.Multiprocess}
 * use.
 */
@NullMarked
package io.multiprocess.context;

import org.jspecify.annotations.NullMarked;
