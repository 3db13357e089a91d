/**
 * The library's one shutdown hook and the order of what it runs when a process exits. Internal: not an
 * API; users register exit callbacks with {@code Finalize} of the util package.
 */
@NullMarked
package io.multiprocess.internal.exit;

import org.jspecify.annotations.NullMarked;
